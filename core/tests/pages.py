"""Helpers for tests that compare whole pages."""

import re

# A page's CSRF token, in a form field or in the htmx headers: the same everywhere on one page, new on
# every request.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def html_without_csrf(response) -> str:
    """The page (which must have answered 200) with its CSRF token replaced by "…", so two renders of the
    same page compare equal."""
    assert response.status_code == 200
    html = response.content.decode()
    for token in {t for pair in CSRF_TOKEN.findall(html) for t in pair if t}:
        html = html.replace(token, "…")
    return html
