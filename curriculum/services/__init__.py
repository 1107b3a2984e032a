"""Writes of the study plan: registration, IUP signatures, grades, holds."""
