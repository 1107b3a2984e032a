"""A message's text: escaped as typed, web addresses turned into safe links, then cleaned by nh3.

Nothing someone typed reaches a page as markup: the text is escaped first, so a `<script>` shows as text; an
address (http, https) or an e-mail becomes a link with rel="nofollow noopener", and nh3 keeps only <a> and <br>
with links of the schemes http, https and mailto (a `javascript:` link loses its href)."""

import re

import nh3
from django.utils.html import escape

TAGS = {"a", "br"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
ADDRESS = re.compile(r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])|(?P<mail>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def clean_html(html: str) -> str:
    """Keep only links of the allowed schemes and line breaks; everything else is stripped or escaped."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=LINK_REL)


def message_html(text: str) -> str:
    """The stored form of a typed message: plain text → safe HTML."""
    escaped = escape(text.strip())

    def link(match: re.Match) -> str:
        if match.group("url"):
            href = match.group("url")
            return f'<a href="{href}">{href}</a>'
        mail = match.group("mail")
        return f'<a href="mailto:{mail}">{mail}</a>'

    linked = ADDRESS.sub(link, escaped)
    return clean_html(linked.replace("\r\n", "\n").replace("\n", "<br>"))
