"""The HTML a question may hold: basic formatting, tables, images of the question itself, and TeX (rendered in the
browser by KaTeX, testing/_math.html)."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "a", "img", "table", "thead",
    "tbody", "tr", "th", "td", "code", "pre", "blockquote", "span", "div", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}}


def sanitise(html: str) -> str:
    """Scripts, styles, event handlers and foreign image sources are dropped; an image may point only to a file of
    the question (`@@PLUGINFILE@@/name`)."""
    if not html:
        return ""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if value.startswith("@@PLUGINFILE@@/") else None
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
