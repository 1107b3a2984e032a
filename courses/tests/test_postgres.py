"""Enrolment under concurrency on PostgreSQL: two requests at once for one paid course charge once."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from courses.models import Enrolment
from courses.services.enrolment import enrolment_create
from finance.models import Transaction
from finance.selectors import finance_summary
from people.tests.factories import StudentRecordFactory

from .factories import CourseFactory, fund

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_enrolments_at_once_pay_once():
    record = StudentRecordFactory()
    course = CourseFactory(price=D("5000.00"))
    fund(record, "12000")

    def enrol(_i):
        try:
            return enrolment_create(course=course, student=record, actor=record.user).pk
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(enrol, range(4)))
    assert sum(isinstance(r, int) for r in results) == 1
    assert results.count("duplicate") == 3
    assert Enrolment.objects.count() == 1
    assert Transaction.objects.filter(kind=Transaction.Kind.SERVICE_PAYMENT, student=record).count() == 1
    assert finance_summary(record).balance == D("7000.00")
