"""Benchmarks: extraction quality and speed."""
