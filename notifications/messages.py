"""A notification's text as its message ids and values, written in the reader's language when it is shown.

A rendered string would keep the language it was created in (a Kazakh title on an English screen); the message
id (the English source of a gettext string) and its values are stored instead, and each page or e-mail renders
them with gettext in its own language (docs/architecture.md#notifications).

The values are stored as JSON, each in the form that can be rendered later in any language:
- a plain string or number as it is (a stream code, a person's name, a comment someone wrote);
- a date or a date and time as ISO text, written in the reader's date format ({"date": ...}, {"datetime": ...});
- anything else (a lazy translation such as a choice label, a model whose name exists in three languages, a
  function of no arguments such as `lambda: discipline.name`) as its text, or what the function gives, in every
  language of the cabinet ({"i18n": {"kk": ..., "ru": ..., "en": ...}}).
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

# Both placeholder styles of the project's messages: str.format's "{term}" and gettext's "%(term)s".
PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)[sd]")


def message_id(text) -> str:
    """The message id of `text`: a plain string is one already; a lazy gettext string gives its source text."""
    if isinstance(text, Promise):
        with translation.override(None):
            return str(text)
    return str(text)


def message_params(values: Mapping[str, Any] | None) -> dict:
    """The values of a message as JSON that renders later in any language (see the module's docstring)."""
    return {name: _stored(value) for name, value in (values or {}).items()}


def message_render(msgid: str, params: Mapping[str, Any] | None = None) -> str:
    """The message in the active language, its placeholders filled with the values written in that language.

    Only the named placeholders of the values are filled; nothing else in the text is interpreted (a comment
    someone wrote may contain braces or a percent sign)."""
    if not msgid:
        return ""
    text = gettext(msgid)
    if not params:
        return text
    values = {name: _shown(value) for name, value in params.items()}

    def fill(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        return values[name] if name in values else match.group(0)

    return PLACEHOLDER.sub(fill, text)


def _stored(value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float) or (isinstance(value, str) and not isinstance(value, Promise)):
        return value
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(value() if callable(value) else value)
    return texts[code] if len(set(texts.values())) == 1 else {"i18n": texts}


def _shown(value) -> str:
    if not isinstance(value, dict):
        return str(value)
    if "i18n" in value:
        texts = value["i18n"]
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), "")
    if "datetime" in value:
        moment = dt.datetime.fromisoformat(value["datetime"])
        moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if "date" in value:
        return date_format(dt.date.fromisoformat(value["date"]), "DATE_FORMAT")
    return ""
