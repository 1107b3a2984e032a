"""Writes of the schedule: stream selection and its waitlist."""

from .rules import ALREADY_CHOSEN, FULL, NOT_CHOSEN
from .selection import stream_cancel, stream_choose, stream_switch
from .waitlist import waitlist_claim, waitlist_join, waitlist_leave, waitlist_offers_expire

__all__ = [
    "ALREADY_CHOSEN",
    "FULL",
    "NOT_CHOSEN",
    "stream_cancel",
    "stream_choose",
    "stream_switch",
    "waitlist_claim",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_offers_expire",
]
