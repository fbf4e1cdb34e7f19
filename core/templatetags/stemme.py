from typing import Any

from django import template
from django.utils.translation import get_language

from core import formats
from core.permissions import CouncilAccess

register = template.Library()


@register.filter
def can(access: CouncilAccess | None, permission: str) -> bool:
    """``{% if access|can:"roster.manage" %}`` – asks the permission policy. Without an access (none,
    or "" for a missing variable) nothing is allowed."""
    return access.can(permission) if access else False


@register.filter(is_safe=True)
def sentence(text: object) -> str:
    """``{{ text|sentence }}`` – ends it with one full stop (none added after "kr."). Safe text
    (a ``blocktranslate … asvar``) stays safe; anything else is escaped as usual."""
    return formats.sentence(text)


@register.filter(is_safe=True)
def number_range(low: int, high: int) -> str:
    """``{{ category.min_seats|number_range:category.max_seats }}`` – "10" or "10–15", never "10–10"."""
    return formats.number_range(low, high)


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*trail: Any, current: Any = "") -> dict[str, Any]:
    """``{% breadcrumbs label1 url1 label2 url2 current=title %}`` – the page's place in the site.

    The positional arguments are pairs of a crumb's text and its link, outermost first; a pair
    with an empty text is left out (an optional middle crumb). ``current`` is the page itself."""
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of text and link")
    crumbs = [(label, url) for label, url in zip(trail[::2], trail[1::2], strict=True) if label]
    return {"crumbs": crumbs, "current": current}


@register.simple_tag(takes_context=True)
def council_nav_items(context: template.Context) -> str:
    """The council's navigation items (components/_council_nav_items.html), rendered once per
    request: base.html shows them twice (the top navigation and the menu drawer on phones), and
    they are some fifty permission checks and addresses. Kept on the request, keyed by what they
    depend on besides the request's own council and access (the current page, the language)."""
    request = context.get("request")
    key = (getattr(context.get("council"), "pk", None), id(context.get("access")), context.get("nav"), get_language())
    memo = getattr(request, "_stemme_council_nav", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    assert context.template is not None  # nosec B101  # a tag renders inside a template
    html = context.template.engine.get_template("components/_council_nav_items.html").render(context)
    if request is not None:
        request._stemme_council_nav = (key, html)
    return html
