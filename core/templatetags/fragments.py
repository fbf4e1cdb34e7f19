"""``{% fragment council "name" vary1 vary2 %}…{% endfragment %}``: the enclosed HTML kept in Django's
cache under the council's content generation (``core.fragments``: the key, what may be cached, CSRF).

The enclosed template is rendered only on a miss. ``context=x`` names a ``core.fragments.Deferred``
the view put in its context: the function that computes what only the fragment shows (its
selectors), called on a miss only, its dict pushed onto the context for the enclosed template; so a
hit saves those queries too. The enclosed ``{% csrf_token %}`` renders the placeholder, and the
page's own token is put in on the way out."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.utils.safestring import mark_safe

from core import fragments

register = template.Library()


class FragmentNode(Node):
    def __init__(self, nodelist: NodeList, council: FilterExpression, name: FilterExpression,
                 vary: list[FilterExpression], deferred: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.council = council
        self.name = name
        self.vary = vary
        self.deferred = deferred

    def render(self, context: template.Context) -> str:
        council = self.council.resolve(context)
        name = str(self.name.resolve(context))
        vary = [v.resolve(context) for v in self.vary]
        token = context.get("csrf_token", "")
        deferred = self.deferred.resolve(context, ignore_failures=True) if self.deferred is not None else None
        if council is None or not fragments.enabled() or (self.deferred is not None and deferred is None):
            # Not cached: caching is off, or the view gave no deferred context (e.g. a form with errors).
            with context.push(deferred() if deferred is not None else {}):
                return self.nodelist.render(context)

        def extra() -> dict[str, Any]:  # the view's deferred context: computed on a miss only
            return deferred() if deferred is not None else {}

        def render() -> str:
            with context.push(extra(), csrf_token=mark_safe(fragments.CSRF_PLACEHOLDER)):  # noqa: S308  # nosec B308 B703  # a constant placeholder
                return self.nodelist.render(context)

        def until() -> fragments.Until | None:
            # The deferred context may say until when the clock leaves the fragment true.
            return extra().get("fragment_until") if deferred is not None else None

        return fragments.cached(council, name, *vary, render=render, token=token, until=until)


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    deferred = None
    if bits and bits[-1].startswith("context="):
        deferred = parser.compile_filter(bits.pop()[len("context="):])
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% fragment council \"name\" [vary …] [context=x] %}: council and name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]),
                        [parser.compile_filter(b) for b in bits[3:]], deferred)
