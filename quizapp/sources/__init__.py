"""Step 1, sources: articles as verbatim passages, stories, shipped fixtures, sharing a story."""
