"""The bundled example project, shipped inside the package as ``annotator.example`` (see
pyproject.toml) and copied to the user's data folder on first use; never opened in place."""
