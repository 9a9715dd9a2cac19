"""Benchmarks. Each prints its figures; docs/benchmarks.md keeps the latest of them."""
