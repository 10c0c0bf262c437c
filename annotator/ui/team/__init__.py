"""The team folder in the window: its work files watched and brought in, and its status line."""
