"""Export, import, a colleague's work and a shared copy from the window, in a worker thread."""
