"""What the window's parts share: the context, the undo adapter, dialogs, models, text."""
