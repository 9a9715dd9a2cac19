"""Settings are split by environment: base, development, test and production."""
