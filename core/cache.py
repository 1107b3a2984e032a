"""The shared cache fails open: while Redis is down the portal keeps serving, as if the cache were empty.

What lives in the cache is never the only copy of anything: allauth's sign-in, reset and sign-up rate limits,
our PDF throttle, import progress, cached sessions (whose rows are in the database). Django's RedisCache raises
redis.ConnectionError from every call, so a Redis outage turned every sign-in, password reset and first-access
request into a 500. This backend answers instead as an empty cache that accepts every write: a read misses, a
write is dropped, `add` says it stored (so a lock taken with `add` is granted and rate limits let the request
through), `incr` counts from zero. The outage is logged once, and Redis is left alone for a few seconds before
the next try, so a page does not pay a connection timeout on every call. `/healthz` still says 503.

Django 5.2's RedisCache has no option for this (django-redis' IGNORE_EXCEPTIONS is another package).
"""

import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
# per process and per server: Django makes a cache object per thread, an outage is the same for all of them
_down_until: dict[str, float] = {}


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._where = ", ".join(_host(location) for location in self._servers)

    def _call(self, method: str, fallback, *args, **kwargs):
        if time.monotonic() < _down_until.get(self._where, 0.0):
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            if self._where not in _down_until:
                logger.warning(
                    "Redis cache at %s does not answer (%s): serving as if the cache were empty, next try in %ss.",
                    self._where,
                    error.__class__.__name__,
                    RETRY_AFTER_SECONDS,
                )
            _down_until[self._where] = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if _down_until.pop(self._where, None) is not None:
            logger.warning("Redis cache at %s answers again.", self._where)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)


def _host(location: str) -> str:
    """Where the server is, without the password a Redis URL may carry."""
    parts = urlsplit(location)
    return f"{parts.hostname}:{parts.port or 6379}" if parts.hostname else parts.path or location
