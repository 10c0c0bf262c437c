"""Reading and writing files outside the project: .txt articles, the native JSONL format."""
