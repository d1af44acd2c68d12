"""Step 3, the question bank: generators, the rules every question obeys, compare, exchange."""
