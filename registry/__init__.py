"""The index itself: children's identities and, in tables of their own, their hidden contact data."""
