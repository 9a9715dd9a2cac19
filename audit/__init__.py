"""Audit: the record of every read and every change."""
