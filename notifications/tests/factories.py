import factory

from notifications.models import Kind, Notification, Preference
from people.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.GRADE
    title = factory.Sequence(lambda n: f"Grade posted {n}")
    body = "Algorithms: 92 points"
    url = "/m/journal/"


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = Kind.GRADE
