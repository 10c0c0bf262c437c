"""The label scheme in the window: keys and buttons, spans and notes, scheme editor, guide."""
