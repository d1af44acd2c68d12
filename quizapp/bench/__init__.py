"""Benchmarks and scale tests: synthetic classes, the load generator (make bench)."""
