"""Entities, quotes and claims in the window: attribute editor, registry, linking, speakers."""
