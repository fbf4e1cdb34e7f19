"""A public page's weight on the wire (issue 14: ≤ 150 KB before anything is cached): the public
minutes page visited once in Chromium with an empty cache, every byte counted from the browser's
network log as transferred (compressed bodies plus headers). The design system's fonts are the
Latin-1 subset faces (dkfds' split/ files, assets/build-css.mjs), never the complete faces, and only
the faces the page uses are fetched; static files have hashed names and are cached for a year."""

import pytest

from public.tests.test_public_minutes import held_meeting, make_board, publish

pytestmark = pytest.mark.browser

PAGE_BUDGET = 150_000  # 150 KB, counted in thousands


def test_public_minutes_page_weighs_at_most_150_kb_with_subset_fonts(page, make_council, add_member, make_user):
    council, people, secretary = make_board(make_council, add_member, make_user)
    meeting = publish(held_meeting(council, people, secretary), secretary)
    transferred: list[tuple[str, int, dict]] = []

    def finished(request):
        sizes = request.sizes()
        response = request.response()
        transferred.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"],
                            response.headers if response else {}))

    page.on("requestfinished", finished)
    page.goto(f"/nordby/moeder/{meeting.pk}/", wait_until="networkidle")
    page.evaluate("document.fonts.ready")

    # The Danish letters, the en dash and the quotes are in the page, and drawn by IBM Plex Sans.
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans\"', 'æøåÆØÅé–“”')")
    total = sum(size for _, size, _ in transferred)
    fonts = [(url, size) for url, size, _ in transferred if url.endswith((".woff2", ".woff", ".ttf", ".otf", ".eot"))]
    report = "\n".join(f"{size:>8} {url}" for url, size, _ in transferred)
    print(f"\npublic minutes page, first visit: {total} bytes on the wire, fonts {sum(s for _, s in fonts)}:\n{report}")
    assert fonts, f"no font was fetched:\n{report}"
    assert not [url for url, _ in fonts if "/complete/" in url], f"a complete font face was fetched:\n{report}"
    assert all("-Latin1." in url for url, _ in fonts), report
    assert total <= PAGE_BUDGET, f"the page weighs {total} bytes on the wire (budget {PAGE_BUDGET}):\n{report}"

    # Static files: hashed names, cached for a year and immutable; compressed on the wire.
    statics = [(url, headers) for url, _, headers in transferred if "/static/" in url]
    assert statics
    for url, headers in statics:
        assert "immutable" in headers.get("cache-control", ""), (url, headers.get("cache-control"))
        assert "max-age=315360000" in headers["cache-control"] or "max-age=31536000" in headers["cache-control"]
    compressible = [headers for url, headers in statics if url.endswith((".css", ".js"))]
    assert compressible and all(h.get("content-encoding") in {"gzip", "br"} for h in compressible)
