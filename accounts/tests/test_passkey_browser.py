"""A passkey from start to end in Chromium with a virtual authenticator (the DevTools protocol's
WebAuthn domain, so no real device is needed): a member makes a passkey on /konto/sikkerhed/,
logs out, and logs in again with it from the login page. The relying party is "localhost", the
live server's host. axe-core finds nothing on either page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def authenticator(page):
    """A platform authenticator (like a phone's fingerprint lock) that always says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    yield cdp, found["authenticatorId"]
    cdp.send("WebAuthn.disable")


def test_a_member_makes_a_passkey_and_logs_in_with_it(page, axe, login, live_server, settings, authenticator,
                                                       maja, make_user):
    from django_otp_webauthn.models import WebAuthnCredential

    from councils.models import Person

    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    user = make_user("maja@example.org", name="Maja Medlem")
    Person.objects.filter(pk=maja.pk).update(user=user)
    cdp, authenticator_id = authenticator

    login(page, user)
    page.goto("/konto/sikkerhed/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind og adgangsnøgler")
    expect(page.get_by_text("Du har ingen adgangsnøgler endnu.")).to_be_visible()
    axe(page, name="passkey-01-sikkerhed")
    page.get_by_role("button", name="Lav en adgangsnøgle").click()
    expect(page.locator("#passkey-register-status-message")).to_have_text(
        "Adgangsnøglen er lavet. Næste gang kan du logge ind med den.")
    assert WebAuthnCredential.objects.filter(user=user).count() == 1, page.locator(
        "#passkey-register-status-message").text_content()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    page.reload()
    expect(page.get_by_test_id("passkeys").get_by_role("listitem")).to_have_count(1)
    axe(page, name="passkey-02-sikkerhed-med-noegle")

    page.get_by_role("banner").get_by_role("button", name="Log ud").click()
    page.goto("/konto/log-ind/")
    page.get_by_role("button", name="Log ind med adgangsnøgle").click()

    expect(page.get_by_role("heading", name="Hvad skal jeg nu?")).to_be_visible()
    assert page.url.endswith("/nordby/intern/")
    assert WebAuthnCredential.objects.get(user=user).last_used_at is not None
