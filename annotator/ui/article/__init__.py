"""The article: its text with the spans drawn per layer, find, and the part showing it."""
