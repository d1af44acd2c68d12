"""Step 4, learning: feedback, the spaced-review schedule."""
