"""Project > Assign...: who annotates which documents, and whether annotators see each other's
tracks (issue 15)."""
