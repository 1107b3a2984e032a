"""`{% fragment "partial-name" key... %}`: a partial of the stream-selection page, rendered once per process for
each key (schedule/selectors/selection.py, `fragment`). The key must hold every value the partial shows."""

from django import template

from ..selectors.selection import fragment as memoized_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def fragment(context, name, *key):
    return memoized_fragment(name, key, context.flatten)
