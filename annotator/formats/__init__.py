"""Reading and writing files outside the project: articles now, JSONL and peers' formats later."""
