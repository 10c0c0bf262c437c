"""The window as a whole: the application, the main window assembling the parts, menus."""
