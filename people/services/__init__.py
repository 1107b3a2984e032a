"""Writes of the people module, split by sub-domain: access (sign-in, first access, roles), profile."""
