import factory
from django.utils import timezone

from messaging.models import Conversation, Membership, Message


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    subject = factory.Sequence(lambda n: f"Algorithms, homework {n}")
    mode = Conversation.Mode.HOMEWORK


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    conversation = factory.SubFactory(ConversationFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    """A message; keeps the conversation's last_message_at as the chat screens will."""

    class Meta:
        model = Message
        skip_postgeneration_save = True

    conversation = factory.SubFactory(ConversationFactory)
    body = "Please check my answer"

    @factory.post_generation
    def touch_conversation(obj, create, extracted, **kwargs):
        if create:
            Conversation.objects.filter(pk=obj.conversation_id).update(last_message_at=obj.created_at)


def chat_between(*people, subject="Algorithms, homework 1"):
    conversation = ConversationFactory(subject=subject)
    for person in people:
        MembershipFactory(conversation=conversation, user=person, last_read_at=timezone.now())
    return conversation
