"""A council's address (slug) is the first segment of its pages' paths, so it must never be one the
site uses for its own pages: such a council could not be reached."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from councils.models import RESERVED_SLUGS


def _first_segments(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("<") or not route.strip("^/"):
                yield from _first_segments(entry.url_patterns, route)
            else:
                yield route
        elif isinstance(entry, URLPattern):
            yield route


def test_every_first_path_segment_of_the_site_is_reserved():
    segments = set()
    for route in _first_segments(get_resolver().url_patterns):
        first = re.split(r"[/.]", route.lstrip("^"), maxsplit=1)[0]
        if first and not first.startswith("<"):
            segments.add(first)
    assert {"soeg", "s", "konto", "afbud"} <= segments  # the walk sees the site's own pages
    missing = sorted(s for s in segments if s not in RESERVED_SLUGS)
    assert not missing, f"these path segments are not in RESERVED_SLUGS: {missing}"
