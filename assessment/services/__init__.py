"""Services: the domain working against the database, shared by web, CLI and API."""
