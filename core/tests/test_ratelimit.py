import pytest
from django.core.cache import cache

from core.ratelimit import parse_rate, rate_limit_take


def test_parse_rate():
    assert parse_rate("10/m") == (10, 60)
    assert parse_rate("3/s") == (3, 1)
    assert parse_rate("100/h") == (100, 3600)
    with pytest.raises(KeyError):
        parse_rate("10/fortnight")


def test_the_limit_counts_per_scope_and_key():
    allowed = [rate_limit_take(scope="pdf", key="user:1", rate="3/m")[0] for _ in range(5)]
    assert allowed == [True, True, True, False, False]
    assert rate_limit_take(scope="pdf", key="user:2", rate="3/m") == (True, 60)
    assert rate_limit_take(scope="other", key="user:1", rate="3/m")[0]


def test_a_counter_the_cache_lost_lets_the_request_through():
    for _ in range(3):
        rate_limit_take(scope="pdf", key="user:1", rate="3/m")
    cache.clear()
    assert rate_limit_take(scope="pdf", key="user:1", rate="3/m")[0]
