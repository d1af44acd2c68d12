"""Plain helpers every step uses: words, numbers, safe CSV."""
