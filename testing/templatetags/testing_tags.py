"""Showing a question's text: its images (`@@PLUGINFILE@@/name`) served by testing:question_file."""

import re

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'\s>?#]+)")


@register.filter
def question_html(text: str, question_id: int) -> str:
    """`text` was sanitised when it was saved (testing.services.html.sanitise); this only points its files to
    their URL. Use it as {{ slot.snapshot.text|question_html:slot.question_id }}."""

    def url(match: re.Match) -> str:
        return reverse("testing:question_file", args=[question_id, match.group(1)])

    return mark_safe(PLUGINFILE.sub(url, text or ""))


@register.filter
def plain_question_text(text: str) -> str:
    return escape(re.sub(r"<[^>]+>", " ", text or "")).strip()
