"""annotator: hand annotation of news articles (entities, quotes, claims) into one SQLite file."""

__version__ = "0.1.0"
