"""Reports: server-rendered charts, and the report as an HTML page and a PDF."""
