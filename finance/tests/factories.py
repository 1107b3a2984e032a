import datetime
from decimal import Decimal

import factory

from people.models import StudentRecord
from people.tests.factories import StudentRecordFactory
from university.tests.factories import TermFactory

from ..models import TuitionFee


def paying_student(**kwargs) -> StudentRecord:
    return StudentRecordFactory(funding=StudentRecord.Funding.PAID, **kwargs)


class TuitionFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TuitionFee

    programme = factory.SubFactory("university.tests.factories.ProgrammeFactory")
    term = factory.SubFactory(TermFactory)
    amount = Decimal("600000.00")
    due_date = datetime.date(2026, 10, 1)
