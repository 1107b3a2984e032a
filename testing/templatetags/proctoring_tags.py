"""`{% proctoring_steps quiz %}`: the signed-in student's proctoring steps for a test, for the engine's test page."""

from django import template

from ..models import ProctorCheck
from ..services.proctoring import check_steps

register = template.Library()


@register.simple_tag(takes_context=True)
def proctoring_steps(context, quiz):
    """The steps of the student's open check (none yet: nothing done), in one query."""
    user = context["request"].user
    check = (
        ProctorCheck.objects.filter(quiz=quiz, student__user_id=user.pk, attempt__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    return check_steps(check or ProctorCheck(quiz=quiz))
