"""The agreement dialog: figures per label, confusion heatmap, documents, every pair."""
