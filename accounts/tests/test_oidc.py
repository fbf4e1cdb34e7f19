"""The municipality's login (accounts/oidc.py) against a real OpenID Connect provider.

The provider is django-oidc-provider in its own small Django project (accounts/tests/oidc_provider/),
started once per test session on loopback with its own SQLite file: migrated, given an RSA signing
key, two clients (Stemme and another application) and three users, then served by ``runserver``.
Stemme talks to it over real HTTP (discovery, token, JWKS, userinfo, end session); the person's side
(the provider's login form) is walked with ``requests`` here, and in Chromium in the browser journey.
With CI=true the provider must start: a missing package fails the run instead of skipping it."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import oidc
from accounts.models import User
from core.models import AuditEvent
from councils.models import Municipality
from councils.tests.factories import MunicipalityFactory

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID, CLIENT_SECRET = "stemme", "stemme-hemmelighed-1234"
OTHER_ID, OTHER_SECRET = "anden-app", "anden-hemmelighed-5678"
OTHER_REDIRECT = "http://anden-app.example/callback/"
TESTSERVER = "http://testserver"
USERS = {
    "anne": {"password": "anne-kodeord-1", "email": "Anne.Hansen@Albertslund.dk", "first_name": "Anne",
             "last_name": "Hansen"},
    "ole": {"password": "ole-kodeord-2", "email": "ole@ukendt-kommune.dk", "first_name": "Ole", "last_name": "Olsen"},
    "gitte": {"password": "gitte-kodeord-3", "email": "gitte@konsulenthus.dk", "first_name": "Gitte",
              "last_name": "Grøn", "groups": ["raad-ishoej"]},
}


# --- The provider --------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Provider:
    url: str
    env: dict
    seed_path: Path
    redirect_uris: list
    logout_uris: list

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def seed(self) -> None:
        spec = {
            "clients": [
                {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": self.redirect_uris,
                 "post_logout_redirect_uris": self.logout_uris, "scope": ["openid", "email", "profile", "groups"]},
                {"client_id": OTHER_ID, "client_secret": OTHER_SECRET, "redirect_uris": [OTHER_REDIRECT],
                 "scope": ["openid", "email", "profile"]},
            ],
            "users": [{"username": name, **fields} for name, fields in USERS.items()],
        }
        self.seed_path.write_text(json.dumps(spec), encoding="utf-8")
        subprocess.run([sys.executable, "manage.py", "shell", "-c", "import seed; seed.run()"], cwd=PROVIDER_DIR,
                       env=self.env, check=True, capture_output=True, timeout=120)

    def allow(self, site: str) -> None:
        """Register another Stemme address (the browser test's live server) with the provider."""
        if f"{site}/konto/oidc/callback/" not in self.redirect_uris:
            self.redirect_uris.append(f"{site}/konto/oidc/callback/")
            self.logout_uris.append(f"{site}/")
            self.seed()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    import oidc_provider  # noqa: F401 - pinned in the test dependencies: a missing provider fails, never skips
    directory = tmp_path_factory.mktemp("oidc-provider")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(IDP_PORT=str(port), IDP_DATABASE=str(directory / "provider.sqlite3"),
               IDP_SEED=str(directory / "seed.json"), PYTHONDONTWRITEBYTECODE="1")
    provider = Provider(url=f"http://127.0.0.1:{port}", env=env, seed_path=directory / "seed.json",
                        redirect_uris=[f"{TESTSERVER}/konto/oidc/callback/"], logout_uris=[f"{TESTSERVER}/"])
    provider.seed()
    log = open(directory / "server.log", "wb")  # noqa: SIM115 - open for the server's whole life
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=PROVIDER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The test OpenID provider did not start:\n"
                            + (directory / "server.log").read_text(errors="replace")[-2000:])
            time.sleep(0.1)
        yield provider
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def municipalities(db):
    return {slug: MunicipalityFactory(slug=slug, name=f"{slug.title()} Kommune") for slug in ("albertslund", "ishoej")}


@pytest.fixture
def oidc_on(settings, oidc_provider, municipalities):
    """Stemme configured for the provider as an operator would (environment -> these settings)."""
    settings.OIDC_OP_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.STEMME_OIDC_DOMAINS = "albertslund.dk=albertslund"
    settings.STEMME_OIDC_GROUPS_CLAIM = "groups"
    settings.STEMME_OIDC_GROUP_MUNICIPALITY = "raad-ishoej=ishoej"
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(backends.index("django.contrib.auth.backends.ModelBackend"), "accounts.oidc.StaffPasswordGate")
    settings.AUTHENTICATION_BACKENDS = [*backends, oidc.BACKEND]
    return settings


def through_provider(url: str, *, username: str, session: requests.Session | None = None) -> str:
    """Walk the person's side at the provider: follow its redirects, fill its login form when it asks,
    and return the address it finally sends the browser back to (Stemme's callback with the code)."""
    session = session if session is not None else requests.Session()
    response = session.get(url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(url.split("/openid/")[0]):
                return location
            response = session.get(location, allow_redirects=False, timeout=10)
        elif 'name="password"' in response.text:
            form = {name: html.unescape(value) for name, value in
                    re.findall(r'name="(csrfmiddlewaretoken|next)" value="([^"]*)"', response.text)}
            response = session.post(response.url, allow_redirects=False, timeout=10, headers={"Referer": response.url},
                                    data={**form, "username": username, "password": USERS[username]["password"]})
        else:
            raise AssertionError(f"Unexpected page at the provider ({response.status_code}): {response.text[:500]}")
    raise AssertionError("The provider kept redirecting")


def log_in(client, username: str, *, session: requests.Session | None = None, next_url: str = "/konto/"):
    start = client.get("/konto/oidc/start/", {"next": next_url})
    assert start.status_code == 302, start
    callback = through_provider(start["Location"], username=username, session=session)
    assert callback.startswith(f"{TESTSERVER}/konto/oidc/callback/?"), callback
    return client.get(callback.removeprefix(TESTSERVER))


def messages_of(client, response) -> str:
    return client.get(response["Location"]).content.decode()


# --- Tests ---------------------------------------------------------------------------------------

def test_a_first_login_creates_the_account_in_its_municipalitys_staff(client, oidc_on, municipalities):
    # The password form's lock does not block the municipality's login, nor count it as a failure.
    for attempt in range(5):
        client.post("/konto/log-ind/", {"username": "anne.hansen@albertslund.dk", "password": f"forkert-{attempt}"})
    assert AccessAttempt.objects.get().failures_since_start == 5  # locked

    response = log_in(client, "anne", next_url="/konto/")

    assert response.status_code == 302 and response["Location"] == "/konto/"
    anne = User.objects.get(email="anne.hansen@albertslund.dk")
    assert anne.name == "Anne Hansen"
    assert not anne.has_usable_password()
    assert list(anne.municipalities.values_list("slug", flat=True)) == ["albertslund"]
    assert client.session["_auth_user_id"] == str(anne.pk)
    assert client.session[oidc.SESSION_KEY] is True
    assert AuditEvent.objects.filter(action="accounts.user.created", object_id=str(anne.pk)).count() == 1
    assert AuditEvent.objects.filter(action="councils.municipality.staff_added", actor=anne).count() == 1
    assert not AccessAttempt.objects.filter(failures_since_start__gt=5).exists()

    # The next login finds the same account (no second one, no second place in the staff).
    again = client.__class__()
    assert log_in(again, "anne").status_code == 302
    assert User.objects.filter(email__iexact="anne.hansen@albertslund.dk").count() == 1
    assert AuditEvent.objects.filter(action="councils.municipality.staff_added").count() == 1


def test_an_existing_account_is_matched_by_address_whatever_its_case(client, oidc_on, make_user):
    existing = make_user("ANNE.HANSEN@albertslund.dk", name="Anne H.")

    response = log_in(client, "anne")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(existing.pk)
    existing.refresh_from_db()
    assert existing.name == "Anne H."  # a name the person already has is kept
    assert existing.municipalities.filter(slug="albertslund").exists()


def test_a_group_claim_names_the_municipality(client, oidc_on):
    response = log_in(client, "gitte")

    assert response.status_code == 302
    gitte = User.objects.get(email="gitte@konsulenthus.dk")
    assert list(gitte.municipalities.values_list("slug", flat=True)) == ["ishoej"]


@pytest.mark.parametrize("domains", ["albertslund.dk=albertslund", "ukendt-kommune.dk=findes-ikke"])
def test_a_person_of_no_municipality_using_stemme_is_refused(client, oidc_on, domains):
    oidc_on.STEMME_OIDC_DOMAINS = domains  # unmapped, or mapped to a municipality that does not exist

    response = log_in(client, "ole", next_url="/konto/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/log-ind/?next=%2Fkonto%2F"
    assert "Din e-mailadresse hører ikke til en kommune, der bruger Stemme" in messages_of(client, response)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="ole@ukendt-kommune.dk").exists()  # nothing half-made is left
    assert not Municipality.objects.filter(slug="findes-ikke").exists()
    assert AccessAttempt.objects.count() == 0  # not a failure for the password lock


def _other_clients_tokens(provider, *, nonce: str) -> dict:
    """A real code flow for the other application: its tokens, signed by the same provider."""
    authorize = requests.Request("GET", f"{provider.issuer}/authorize", params={
        "response_type": "code", "client_id": OTHER_ID, "redirect_uri": OTHER_REDIRECT,
        "scope": "openid email profile", "state": "x", "nonce": nonce}).prepare().url
    callback = through_provider(authorize, username="anne")
    code = parse_qs(urlsplit(callback).query)["code"][0]
    tokens = requests.post(f"{provider.issuer}/token", timeout=10, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": OTHER_REDIRECT,
        "client_id": OTHER_ID, "client_secret": OTHER_SECRET})
    tokens.raise_for_status()
    return tokens.json()


def test_a_token_issued_to_another_client_is_refused(client, oidc_on, oidc_provider, monkeypatch):
    start = client.get("/konto/oidc/start/")
    query = parse_qs(urlsplit(start["Location"]).query)
    tokens = _other_clients_tokens(oidc_provider, nonce=query["nonce"][0])
    # The library alone accepts it (it checks the signature and the nonce, not the audience) …
    backend = oidc.StaffOIDCBackend()
    key = backend.retrieve_matching_jwk(tokens["id_token"])
    assert OIDCAuthenticationBackend._verify_jws(backend, tokens["id_token"], key)["aud"] == OTHER_ID
    # … Stemme's backend refuses it: not issued to this client.
    with pytest.raises(SuspiciousOperation, match="(?i)audience"):
        oidc.StaffOIDCBackend().verify_token(tokens["id_token"], nonce=query["nonce"][0])
    oidc_on.OIDC_RP_CLIENT_ID = OTHER_ID  # the same token is good for the client it was issued to
    assert oidc.StaffOIDCBackend().verify_token(tokens["id_token"], nonce=query["nonce"][0])["sub"]
    oidc_on.OIDC_RP_CLIENT_ID = CLIENT_ID

    # The whole callback, with the other application's tokens slipped in for the token response.
    monkeypatch.setattr(oidc.StaffOIDCBackend, "get_token", lambda self, payload: tokens)
    response = client.get("/konto/oidc/callback/", {"code": "any", "state": query["state"][0]})

    assert response["Location"] == "/konto/log-ind/"
    assert "Stemme kunne ikke bekræfte dit login fra kommunen" in messages_of(client, response)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="anne.hansen@albertslund.dk").exists()


def test_logging_out_ends_the_stemme_session_and_the_providers(client, oidc_on, oidc_provider):
    browser = requests.Session()
    assert log_in(client, "anne", session=browser).status_code == 302
    assert 'action="/konto/oidc/log-ud/"' in client.get("/").content.decode()  # the header's "Log ud"

    response = client.post("/konto/oidc/log-ud/")

    assert "_auth_user_id" not in client.session
    refresh = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', response.content.decode())
    end_session = html.unescape(refresh[1])  # on to the provider by a refresh (see oidc.LogoutView)
    assert end_session.startswith(f"{oidc_provider.issuer}/end-session?")
    params = parse_qs(urlsplit(end_session).query)
    assert params["post_logout_redirect_uri"] == [f"{TESTSERVER}/"] and params["id_token_hint"]
    back = browser.get(end_session, allow_redirects=False, timeout=10)
    assert back.headers["Location"] == f"{TESTSERVER}/"
    # The provider's session is over too: a new login asks for the password again.
    start = client.get("/konto/oidc/start/")
    at_provider = browser.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.headers["Location"].startswith("/login/")


def test_off_until_configured(client, db, settings):
    settings.OIDC_RP_CLIENT_ID = ""

    assert "kommunens login" not in client.get("/konto/log-ind/").content.decode()
    assert client.get("/konto/oidc/start/").status_code == 404
    assert client.get("/konto/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_staff_passwords_can_be_switched_off_once_oidc_is_configured(client, settings, make_user, municipalities,
                                                                     make_council, add_member):
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9/never-asked"  # the password form never contacts the provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(backends.index("django.contrib.auth.backends.ModelBackend"), "accounts.oidc.StaffPasswordGate")
    settings.AUTHENTICATION_BACKENDS = backends
    settings.STEMME_STAFF_PASSWORD_LOGIN = False
    staff = make_user("sekretaer@albertslund.dk")
    municipalities["albertslund"].staff.add(staff)
    admin = make_user("admin@stemme.example", superuser=True)
    member = make_user("medlem@example.org")
    add_member(make_council("pwraad"), "Mie Medlem", user=member)

    def password_login(user, password="korrekt-hest-batteri"):
        response = client.post("/konto/log-ind/", {"username": user.email, "password": password})
        logged_in = client.session.get("_auth_user_id") == str(user.pk)
        client.logout()
        return response, logged_in

    for refused in (staff, admin):
        response, logged_in = password_login(refused)
        assert not logged_in
        assert "Brug kommunens login" in response.content.decode()
    response, _ = password_login(staff, "forkert-kodeord")  # a wrong password learns nothing more
    assert "Brug kommunens login" not in response.content.decode()
    assert password_login(member)[1]  # members keep their password

    settings.STEMME_STAFF_PASSWORD_LOGIN = True
    assert password_login(staff)[1]
    settings.STEMME_STAFF_PASSWORD_LOGIN = False
    settings.OIDC_RP_CLIENT_ID = ""  # without the municipality's login nobody is locked out
    assert password_login(admin)[1]


def test_domains_and_groups_name_municipalities(settings):
    settings.STEMME_OIDC_DOMAINS = " Albertslund.DK = albertslund , ishoj.dk=ishoej,broken"
    settings.STEMME_OIDC_GROUPS_CLAIM = "roles"
    settings.STEMME_OIDC_GROUP_MUNICIPALITY = "Raad-Gentofte=gentofte"

    assert oidc.municipality_slugs(email="a@albertslund.dk", claims={}) == ["albertslund"]
    assert oidc.municipality_slugs(email="a@sub.albertslund.dk", claims={}) == []  # the exact domain only
    assert oidc.municipality_slugs(email="a@ishoj.dk", claims={"roles": ["raad-gentofte", "x"]}) == [
        "gentofte", "ishoej"]
    assert oidc.municipality_slugs(email="a@x.dk", claims={"roles": "RAAD-GENTOFTE"}) == ["gentofte"]
    with pytest.raises(oidc.Refusal):
        oidc.email_from_claims({"email": "not an address"})
    with pytest.raises(oidc.Refusal):
        oidc.email_from_claims({"email": "a@albertslund.dk", "email_verified": False})


@pytest.mark.browser
def test_the_municipalitys_login_in_a_browser(page, live_server, axe, oidc_on, oidc_provider):
    oidc_provider.allow(live_server.url)
    page.goto("/konto/log-ind/?next=/konto/")
    axe(page, name="oidc-login-page")

    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.wait_for_url(f"{oidc_provider.url}/login/**")
    page.get_by_label("Username").fill("anne")
    page.get_by_label("Password").fill(USERS["anne"]["password"])
    page.get_by_role("button", name="Sign in at the provider").click()

    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/log-ind/" not in url)
    assert page.get_by_text("Anne Hansen").first.is_visible()
    assert User.objects.get(email="anne.hansen@albertslund.dk").municipalities.filter(slug="albertslund").exists()
    axe(page)

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(f"{live_server.url}/")  # through the provider's end of session and back
    assert page.get_by_role("banner").get_by_role("link", name="Log ind").is_visible()


@pytest.mark.parametrize(("query", "message"), [
    ({"error": "access_denied", "state": "s"}, "Du blev ikke logget ind med kommunens login"),
    ({"code": "c", "state": "not-this-sessions"}, "tog for lang tid eller blev startet i et andet vindue"),
])
def test_a_callback_that_cannot_be_used_says_why(client, db, settings, query, message):
    settings.OIDC_OP_ISSUER = f"http://127.0.0.1:{_free_port()}/nobody-listens"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID

    response = client.get("/konto/oidc/callback/", query)

    assert response["Location"] == "/konto/log-ind/"
    assert message in messages_of(client, response)


def test_a_provider_that_does_not_answer_leaves_the_password_login(client, db, settings):
    settings.OIDC_OP_ISSUER = f"http://127.0.0.1:{_free_port()}/nobody-listens"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID

    response = client.get("/konto/oidc/start/", {"next": "/konto/"})

    assert response["Location"] == "/konto/log-ind/?next=%2Fkonto%2F"
    assert "Kommunens login svarer ikke lige nu" in messages_of(client, response)


def test_the_environment_turns_the_municipalitys_login_on(tmp_path):
    def configured(**env) -> dict:
        environ = {key: value for key, value in os.environ.items()
                   if not key.startswith(("OIDC_", "STEMME_OIDC")) and key != "DATABASE_URL"}
        environ.update(SQLITE_PATH=str(tmp_path / "db.sqlite3"), **env)
        code = ("import json; from config import settings as s; print(json.dumps({"
                "'backends': s.AUTHENTICATION_BACKENDS, 'issuer': s.OIDC_OP_ISSUER,"
                " 'claim': s.STEMME_OIDC_EMAIL_CLAIM}))")
        return json.loads(subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                                         env=environ, capture_output=True, text=True, check=True).stdout)

    off = configured()
    assert oidc.BACKEND not in off["backends"] and "accounts.oidc.StaffPasswordGate" not in off["backends"]
    on = configured(OIDC_OP_ISSUER="https://login.kommune.example", OIDC_RP_CLIENT_ID="stemme",
                    STEMME_OIDC_EMAIL_CLAIM="upn")
    assert on["backends"][-1] == oidc.BACKEND
    assert on["backends"].index("accounts.oidc.StaffPasswordGate") < on["backends"].index(
        "django.contrib.auth.backends.ModelBackend")
    assert on["claim"] == "upn"
    assert configured(STEMME_OIDC_ISSUER="https://login.kommune.example")["issuer"] == "https://login.kommune.example"
