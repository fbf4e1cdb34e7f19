"""Logging in with a code on a phone (issue 13, browser journey 2): from the front page to the
member's start page with no password – the code read from the SMS as the member reads it (the
outbox row's text) – with axe-core finding nothing on any page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_member_logs_in_with_a_code_from_an_sms(phone_page, axe, maja, sms_gateway):
    from notifications.models import OutboxMessage

    page = phone_page
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    axe(page, name="login-01-log-ind-mobil")

    page.get_by_role("link", name="Log ind med en kode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind med en kode")
    axe(page, name="login-02-kode-mobil")
    page.get_by_label("Din e-mail eller dit mobilnummer").fill("22 34 56 78")
    page.get_by_role("button", name="Send mig en kode").click()

    expect(page.get_by_test_id("code-sent")).to_contain_text(
        "Hvis adressen findes hos os, har vi sendt en kode til +45 22 34 56 78.")
    axe(page, name="login-03-skriv-koden-mobil")
    sms = OutboxMessage.objects.get(kind="accounts.login_code")
    assert sms.channel == "sms" and sms.to_address == "+4522345678"
    code = re.search(r"\b(\d{6})\b", sms.body).group(1)  # as the member reads it on the phone
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("heading", name="Hvad skal jeg nu?")).to_be_visible()
    assert page.url.endswith("/nordby/intern/")
    axe(page, name="login-04-startside-mobil")
