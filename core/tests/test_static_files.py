"""Static files (config/settings.py STORAGES, issue 14): collectstatic's manifest gives every file a
name with its content's hash, {% static %} links that name, and WhiteNoise serves it compressed and
immutable for a year; the plain name is served too, cached for an hour. DKFDS' stylesheet is the one
`make assets` builds (assets/build-css.mjs) with the Latin-1 subset fonts, and every url() in the
collected stylesheets points at a collected file. The suite runs after collectstatic (Makefile)."""

import posixpath
import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 3600


def test_static_urls_are_hashed_and_served_immutable_and_compressed():
    url = static("dkfds/css/dkfds.min.css")
    assert re.fullmatch(r"/static/dkfds/css/dkfds\.min\.[0-9a-f]{12}\.css", url), url

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= YEAR
    assert response["Content-Encoding"] == "br" and "Accept-Encoding" in response["Vary"]
    assert not response.cookies

    gzipped = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"

    plain = Client().get("/static/dkfds/css/dkfds.min.css")
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]
    assert "max-age=3600" in plain["Cache-Control"]


def test_dkfds_stylesheet_declares_only_the_latin1_subset_faces():
    css = staticfiles_storage.open(staticfiles_storage.stored_name("dkfds/css/dkfds.min.css")).read().decode()
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    sources = [url for face in faces for url in re.findall(r'url\("?([^")]+)"?\)', face)]
    assert sources and not [url for url in sources if "complete/" in url or url.endswith((".eot", ".ttf"))]
    plex = [face for face in faces if "IBM Plex Sans" in face]
    assert len(plex) == 8  # regular, medium, semibold, bold; upright and italic
    assert all("-Latin1." in url for face in plex for url in re.findall(r'url\("?([^")]+)"?\)', face))
    assert all("unicode-range:" in face and "U+2013-2014" in face and "U+00A0-00FF" in face for face in plex)


def test_every_url_in_dkfds_stylesheet_is_a_collected_file():
    """collectstatic rewrote each url() to the hashed name of a file it collected (DKFDS' icons and
    fonts; trix' and Stemme's stylesheets use data: URLs only)."""
    name = "dkfds/css/dkfds.min.css"
    stored = staticfiles_storage.stored_name(name)
    css = staticfiles_storage.open(stored).read().decode()
    urls = [url for url in re.findall(r'url\(\s*["\']?([^"\')]+)', css) if not url.startswith(("data:", "#"))]
    assert urls
    for url in urls:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(stored), url.split("#")[0].split("?")[0]))
        assert staticfiles_storage.exists(path), f"{name} refers to {url}, which was not collected"
        assert re.search(r"\.[0-9a-f]{12}\.", path), f"{name} refers to {url} by its plain name"
