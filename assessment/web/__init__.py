"""Blueprints, one module per feature."""
