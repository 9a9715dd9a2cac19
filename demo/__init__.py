"""Demo data: the demo users and a synthetic population, for a newcomer and for the benchmarks."""
