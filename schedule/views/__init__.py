"""Views of the schedule, one module per screen family (selection.py: stream selection and the waitlist)."""
