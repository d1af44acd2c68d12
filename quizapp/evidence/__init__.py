"""Step 2, evidence: curated fixtures, drafting from a new article, coverage suggestions."""
