"""Reads of the study plan: statuses, curriculum tab, registration, IUP, transcript, holds."""
