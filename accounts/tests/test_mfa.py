"""The staff's second factor (TOTP, accounts/mfa.py): who is asked, setting up the code app with a
code computed from the device's key, a wrong code refused, throttling, and the pages that stay open
until the code is given."""

import io
from base64 import b32decode, b32encode
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from accounts import oidc
from core.models import AuditEvent
from councils.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def totp_on(settings):
    settings.STEMME_REQUIRE_STAFF_TOTP = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a retry right after a typo is allowed (throttling: its own test)
    return settings


@pytest.fixture
def people(make_user, make_council, add_member):
    """One user for each kind of role."""
    secretary = make_user("sekretaer@kommune.example", name="Sif Sekretær")
    council = make_council("mfaraad", secretary=secretary)
    member = make_user("medlem@example.org", name="Mads Medlem")
    add_member(council, "Mads Medlem", user=member)
    municipal = make_user("medarbejder@kommune.example", name="Maja Medarbejder")
    MunicipalityFactory(slug="mfa-kommune").staff.add(municipal)
    return {"secretary": secretary, "member": member, "municipal": municipal,
            "admin": make_user("admin@stemme.example", superuser=True), "council": council}


def code_for(device, *, steps_ahead=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step):06d}"


def wrong_code_for(device) -> str:
    valid = {code_for(device, steps_ahead=n) for n in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


@pytest.mark.parametrize(("role", "setting", "asked"), [
    ("secretary", True, True), ("municipal", True, True), ("admin", True, True), ("member", True, False),
    ("secretary", False, False), ("admin", False, False),
])
def test_who_is_asked_for_a_code(client, settings, people, role, setting, asked):
    settings.STEMME_REQUIRE_STAFF_TOTP = setting
    client.force_login(people[role])

    response = client.get("/konto/")

    if asked:
        assert response.status_code == 302
        assert response["Location"] == "/konto/totp/opret/?next=%2Fkonto%2F"
    else:
        assert "/konto/totp/" not in response.get("Location", "")


def test_a_login_through_the_municipality_is_not_asked(client, totp_on, people):
    client.force_login(people["secretary"])
    session = client.session
    session[oidc.SESSION_KEY] = True
    session.save()

    assert "/konto/totp/" not in client.get("/konto/").get("Location", "")


def test_setting_up_the_code_app_with_a_code_from_its_key(client, totp_on, people):
    secretary = people["secretary"]
    client.force_login(secretary)
    target = f"/{people['council'].slug}/intern/"
    assert client.get(target)["Location"] == "/konto/totp/opret/?next=%2Fmfaraad%2Fintern%2F"

    page = client.get("/konto/totp/opret/", {"next": target})

    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=secretary)
    assert not device.confirmed
    text = page.content.decode()
    assert "<svg" in text and 'class="stemme-totp-qr-code"' in text
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in text  # the key, for typing

    wrong = client.post("/konto/totp/opret/", {"code": wrong_code_for(device), "next": target})
    assert wrong.status_code == 400
    assert "Koden passer ikke" in wrong.content.decode()
    assert client.get(target).status_code == 302  # still not through

    right = client.post("/konto/totp/opret/", {"code": code_for(device), "next": target})

    assert right.status_code == 302
    assert right["Location"] == target
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(target).status_code == 200
    assert list(AuditEvent.objects.filter(action__startswith="accounts.totp").order_by("pk")
                .values_list("action", flat=True)) == ["accounts.totp.refused", "accounts.totp.confirmed"]
    assert all(device.key not in str(event.after) for event in AuditEvent.objects.all())  # the key is never logged


def test_the_next_login_asks_for_a_code_and_refuses_a_wrong_one(client, totp_on, people):
    admin = people["admin"]
    device = TOTPDevice.objects.create(user=admin, name="Stemme", confirmed=True)
    client.force_login(admin)
    assert client.get("/django-admin/")["Location"] == "/konto/totp/?next=%2Fdjango-admin%2F"

    wrong = client.post("/konto/totp/", {"code": wrong_code_for(device), "next": "/django-admin/"})
    assert wrong.status_code == 400
    assert "Koden passer ikke" in wrong.content.decode()
    letters = client.post("/konto/totp/", {"code": "12ab56", "next": "/django-admin/"})
    assert "Skriv de 6 cifre" in letters.content.decode()

    code = code_for(device)  # once: a slow run may cross into the next 30-second step before "again" below
    right = client.post("/konto/totp/", {"code": " ".join([code[:3], code[3:]]), "next": "/django-admin/"})

    assert right["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.totp.verified", actor=admin).count() == 1
    # A code is good once: the same one again (in a new session) is refused.
    client.logout()
    client.force_login(admin)
    again = client.post("/konto/totp/", {"code": code, "next": "/konto/"})
    assert again.status_code == 400


def test_wrong_codes_are_throttled(client, totp_on, people):
    totp_on.OTP_TOTP_THROTTLE_FACTOR = 60
    device = TOTPDevice.objects.create(user=people["secretary"], name="Stemme", confirmed=True)
    client.force_login(people["secretary"])
    client.post("/konto/totp/", {"code": wrong_code_for(device)})

    response = client.post("/konto/totp/", {"code": code_for(device)})  # right, but too soon

    assert response.status_code == 400
    assert "For mange forkerte koder" in response.content.decode()
    assert client.get("/konto/").status_code == 302


def test_only_the_code_pages_and_logging_out_are_open_until_then(client, totp_on, people):
    TOTPDevice.objects.create(user=people["secretary"], name="Stemme", confirmed=True)
    client.force_login(people["secretary"])

    for path in ["/", "/konto/", "/mfaraad/intern/", "/django-admin/", "/raad/nyt/", "/konto/totp/opret/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/konto/totp/?next="), path
    assert client.get("/konto/totp/").status_code == 200
    static = client.get("/static/core/stemme.css")
    assert "/konto/totp/" not in static.get("Location", "")
    htmx = client.get("/mfaraad/intern/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/konto/totp/")
    post = client.post("/mfaraad/intern/", {"anything": "1"})
    assert post["Location"] == "/konto/totp/?next=%2Fkonto%2F"  # a form's data is not replayed after the code

    logout = client.post("/konto/log-ud/")

    assert logout.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_key_shown_in_one_session_is_never_shown_again(client, totp_on, people):
    from django.test import Client

    client.force_login(people["municipal"])
    client.get("/konto/totp/opret/")
    first = TOTPDevice.objects.get(user=people["municipal"])
    other = Client()
    other.force_login(people["municipal"])
    other.get("/konto/totp/opret/")

    second = TOTPDevice.objects.get(user=people["municipal"])  # the first one is gone
    assert second.pk != first.pk and second.key != first.key
    client.get("/konto/totp/opret/")  # the first session now gets a fresh key too, not the second's
    assert TOTPDevice.objects.get(user=people["municipal"]).key not in (first.key, second.key)


def test_a_second_device_needs_the_first_ones_code(client, totp_on, people):
    TOTPDevice.objects.create(user=people["admin"], name="Stemme", confirmed=True)
    client.force_login(people["admin"])

    response = client.get("/konto/totp/opret/")

    assert response["Location"] == "/konto/totp/?next=%2Fkonto%2F"
    assert TOTPDevice.objects.filter(user=people["admin"]).count() == 1


def test_the_check_costs_one_query_for_a_member(client, totp_on, people, django_assert_max_num_queries):
    from django.test import RequestFactory

    from accounts import mfa

    request = RequestFactory().get("/konto/")
    request.user = people["member"]
    request.session = {}
    with django_assert_max_num_queries(1):
        assert mfa.required(request) is False


@pytest.mark.browser
def test_setting_up_and_using_the_code_app_in_a_browser(page, login, axe, totp_on, people):
    """A secretary's first login sets up the app from the QR code on the screen (read back with
    zxing-cpp, as a phone would), the next one asks for a code; both pages pass axe."""
    login(page, people["secretary"])
    page.wait_for_url("**/konto/totp/opret/**")
    axe(page, name="totp-setup")
    with Image.open(io.BytesIO(page.locator(".stemme-totp-qr").screenshot())) as image:
        uri = zxingcpp.read_barcodes(image)[0].text
    assert uri.startswith("otpauth://totp/Stemme%3Asekretaer%40kommune.example?") and "issuer=Stemme" in uri
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    key = b32decode(secret + "=" * (-len(secret) % 8))
    assert key == TOTPDevice.objects.get(user=people["secretary"]).bin_key

    page.get_by_label("Kode fra appen").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url(lambda url: "/konto/totp/" not in url)

    page.get_by_role("banner").get_by_role("button", name="Log ud").click()
    login(page, people["secretary"])
    page.wait_for_url("**/konto/totp/?next=**")
    axe(page, name="totp-verify")
    page.get_by_label("Kode fra appen").fill("000000" if f"{totp(key):06d}" != "000000" else "111111")
    page.get_by_role("main").get_by_role("button", name="Log ind").click()
    assert page.get_by_text("Fejl: Koden passer ikke").is_visible()
    axe(page)
    next_code = TOTP(key)
    next_code.time += 30  # the code just used is spent; the app's next one is accepted (one step of tolerance)
    page.get_by_label("Kode fra appen").fill(f"{next_code.token():06d}")
    page.get_by_role("main").get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/konto/totp/" not in url)


def test_the_code_pages_cost_a_few_queries(client, totp_on, people, django_assert_max_num_queries):
    client.force_login(people["secretary"])
    with django_assert_max_num_queries(11):  # creates the device and saves the session (4 + 4 savepoints)
        assert client.get("/konto/totp/opret/").status_code == 200
    TOTPDevice.objects.filter(user=people["secretary"]).update(confirmed=True)
    with django_assert_max_num_queries(5):
        assert client.get("/konto/totp/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/konto/").status_code == 302  # the middleware's own check


def test_production_asks_staff_for_a_code_by_default(tmp_path):
    """``STEMME_REQUIRE_STAFF_TOTP`` follows ``DJANGO_ENV``; the environment can still say otherwise."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    def setting(**env) -> str:
        environ = {key: value for key, value in os.environ.items()
                   if key not in {"DATABASE_URL", "STEMME_REQUIRE_STAFF_TOTP", "DJANGO_ENV"}}
        environ.update(SECRET_KEY="x" * 50, SQLITE_PATH=str(tmp_path / "db.sqlite3"), **env)
        return subprocess.run(
            [sys.executable, "-c", "from config import settings; print(settings.STEMME_REQUIRE_STAFF_TOTP)"],
            cwd=Path(__file__).resolve().parents[2], env=environ, capture_output=True, text=True, check=True,
        ).stdout.strip()

    assert setting(DJANGO_ENV="production") == "True"
    assert setting() == "False"
    assert setting(DJANGO_ENV="production", STEMME_REQUIRE_STAFF_TOTP="false") == "False"
