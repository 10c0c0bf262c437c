"""The corpus search panel (Ctrl+Shift+F): query, filters, results, and the index built in
the background."""
