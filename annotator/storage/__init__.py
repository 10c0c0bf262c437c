"""The project file: the only place that speaks SQL."""
