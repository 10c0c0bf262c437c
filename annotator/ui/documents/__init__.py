"""The document list, its filter and review column, and the Document menu."""
