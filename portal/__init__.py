"""The practitioners' portal: search, the child record and their own involvement, as pages and API.

It sits on top of the registry, shielding and audit: each read here is a registry selector and
its audit event, written in one transaction (portal.access).
"""
