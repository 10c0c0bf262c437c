"""Proposals in the window: the Suggest menu, the list, ghost spans, accept and reject by key."""
