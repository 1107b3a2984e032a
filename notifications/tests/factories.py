import factory

from notifications.models import Kind, Notification, Preference
from people.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    class Params:
        title = factory.Sequence(lambda n: f"Grade posted {n}")
        body = "Algorithms: 92 points"

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.GRADE
    title_msgid = factory.SelfAttribute("title")
    body_msgid = factory.SelfAttribute("body")
    url = "/m/journal/"


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = Kind.GRADE
