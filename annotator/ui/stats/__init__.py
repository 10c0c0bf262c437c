"""The Statistics view: where the work of the project stands, in charts and tables."""
