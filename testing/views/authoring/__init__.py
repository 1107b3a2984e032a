"""Teachers' authoring pages: question banks (banks.py), the question editor (questions.py), the test builder
(quizzes.py). Every page is for a teacher who may manage the bank or test (testing.permissions); 404 otherwise."""

from django.core.exceptions import ValidationError
from django.http import Http404

from ...permissions import is_author


def require_author(user) -> None:
    if not is_author(user):
        raise Http404


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)
