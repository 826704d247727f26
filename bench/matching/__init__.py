"""Benchmarks of the allocation engine; run them as modules from the repository root."""
