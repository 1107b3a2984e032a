"""Reads of the schedule (one module per screen family)."""
