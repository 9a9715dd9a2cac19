"""Shielding: who may see a child's hidden contact data, enforced in code and in the database."""
