"""The same paid request filed by two threads at once: one is filed and paid, the other refused (PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from finance.selectors import finance_summary
from finance.services.topups import topup_external_post
from finance.tests.ledger_checks import assert_ledger_balanced
from people.tests.factories import StudentRecordFactory
from requests_app.models import Request
from requests_app.services.requests import request_create

from .factories import RequestKindFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_threads_filing_the_same_paid_request_pay_once():
    record = StudentRecordFactory()
    kind = RequestKindFactory(slug="retake", price=Decimal("500.00"))
    topup_external_post(provider="kaspi", external_id="pg-1", student=record, amount="2000")

    def file(_n):
        try:
            request_create(
                student=record, kind=kind, language="kk", comment="", details={}, files=[], actor=record.user
            )
            return "filed"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = sorted(pool.map(file, range(4)))
    assert results == ["filed", "refused", "refused", "refused"]
    assert Request.objects.count() == 1
    assert finance_summary(record).balance == Decimal("1500.00")
    assert_ledger_balanced()
