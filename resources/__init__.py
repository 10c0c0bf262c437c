"""The data files shipped inside the package as ``annotator.resources`` (see pyproject.toml):
the default label scheme and the JSON Schema of a native line. Read with importlib.resources."""
