"""Review mode: two annotators' disagreements decided by key into the gold layer."""
