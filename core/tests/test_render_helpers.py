"""Helpers that keep per-request work down (issue 14, render time): ``core.links.url_maker``
builds many rows' addresses from one reverse, and the council's navigation is rendered once per
request although base.html shows it twice."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from core.links import url_maker


@pytest.mark.parametrize("view", ["meetings:item_move", "meetings:item_edit", "meetings:item_delete",
                                  "meetings:proposal_postpone"])
def test_url_maker_gives_what_reverse_gives(view):
    make = url_maker(view, "udsatteraadet-x", 42)
    for pk in (1, 7, 12345, 987654321):
        assert make(pk) == reverse(view, args=["udsatteraadet-x", 42, pk])


def test_url_maker_puts_the_key_last_even_when_an_earlier_argument_looks_like_it():
    make = url_maker("meetings:item_edit", "raad-5", 5)
    assert make(5) == reverse("meetings:item_edit", args=["raad-5", 5, 5])
    assert make(6) == reverse("meetings:item_edit", args=["raad-5", 5, 6])


class _Council:
    pk = 1
    slug = "udsatteraadet-x"


def test_council_navigation_is_rendered_once_per_request_and_shown_twice(monkeypatch):
    from django.template import base

    rendered = []
    original = base.Template.render

    def counting(self, context):
        if self.origin and self.origin.template_name == "components/_council_nav_items.html":
            rendered.append(context.get("nav"))
        return original(self, context)

    monkeypatch.setattr(base.Template, "render", counting)
    request = RequestFactory().get("/")
    template = engines["django"].from_string(
        '<ul>{% include "components/council_nav.html" %}</ul><ul>{% include "components/council_nav.html" %}</ul>')
    html = template.render({"council": _Council(), "access": None, "nav": "public_members"}, request)
    first, second = html.split("</ul><ul>")
    assert first.removeprefix("<ul>") == second.removesuffix("</ul>")
    members = reverse("public:members", args=["udsatteraadet-x"])
    assert f'href="{members}" aria-current="page"' in first and first.count('aria-current="page"') == 1
    assert rendered == ["public_members"]
    # Another page (another "nav") in the same request is rendered afresh, not taken from the first.
    other = engines["django"].from_string('{% include "components/council_nav.html" %}').render(
        {"council": _Council(), "access": None, "nav": "home"}, request)
    assert rendered == ["public_members", "home"]
    assert other.count('aria-current="page"') == 1 and other != first.removeprefix("<ul>")
