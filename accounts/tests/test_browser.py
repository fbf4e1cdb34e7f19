"""The login page in a browser."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_login_page_shows_the_site_name(page):
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Log ind").click()
    expect(page.get_by_role("banner").get_by_role("link").first).to_have_text("Stemme", timeout=1000)
