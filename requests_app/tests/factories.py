from decimal import Decimal

import factory

from people.tests.factories import StudentRecordFactory

from ..models import Request, RequestKind


class RequestKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestKind
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kind-{n}")
    category = RequestKind.Category.SERVICE
    name = factory.Sequence(lambda n: f"Kind {n}")
    name_kk = factory.SelfAttribute("name")
    description = "What it is for"
    price = Decimal("0.00")


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Request

    student = factory.SubFactory(StudentRecordFactory)
    kind = factory.SubFactory(RequestKindFactory)
    language = "kk"
