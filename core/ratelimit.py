"""Per-person rate limits on expensive pages (PDF rendering): counted in the shared cache, failing open.

A PDF takes 0.1–0.5 s of a core to render; thirty parallel requests of one student kept the machine busy for
half a minute. `@rate_limited("pdf", setting="PDF_RATE_LIMIT")` counts each person's requests (`"10/m"`: ten
in the minute from the first) and answers 429 with the translated templates/429.html beyond that. The cache is
never the only copy of anything: when it is down or drops the counter (core/cache.py), the request goes through.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """`"10/m"` → (10, 60): how many uses per how many seconds."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


def rate_limit_take(*, scope: str, key: str, rate: str) -> tuple[bool, int]:
    """Count one use of `scope` by `key`; returns (allowed, seconds to wait at most).

    The window opens with the first use and closes `period` seconds later (the counter's expiry), so a burst
    cannot straddle two windows of a clock-aligned counter and get twice the limit.
    """
    limit, period = parse_rate(rate)
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, period)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired or evicted between add and incr: nothing to hold the request back with
        return True, period
    return used <= limit, period


def rate_limited(scope: str, *, setting: str, message=None):
    """Limit a view per signed-in person (per address for anyone else) to the rate in settings.<setting>; beyond
    it the 429 page says `message` (a lazy translation)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            who = f"user:{user.pk}" if user.is_authenticated else f"ip:{request.META.get('REMOTE_ADDR')}"
            allowed, retry_after = rate_limit_take(scope=scope, key=who, rate=getattr(settings, setting))
            if not allowed:
                return too_many_requests(request, retry_after=retry_after, message=message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, *, retry_after: int, message=None):
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
