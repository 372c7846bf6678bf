"""Exports of audits (CSV, JSON, Excel) and imports of audits from CSV or JSON."""
