"""Benchmark tooling: synthetic data (bench.generate) and the load harness."""
