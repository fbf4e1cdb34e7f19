"""Shared test fixtures: fast password hashing, council builders and the browser.

Plain rows come from the apps' factories (factory_boy: accounts/tests/factories.py,
councils/tests/factories.py …); a council and its roster from the real services (make_council,
add_member), because their preset, term and seats are state.

Browser tests use Debian's Chromium through Playwright (never a downloaded browser). With
CI=true a missing Chromium fails the run instead of skipping it."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told this is safe (it is: tests are synchronous).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "test-artifacts"
IN_CI = os.environ.get("CI") == "true"

# Fixtures shared by several apps, registered once here: the seed council (meetings and the apps
# above it) and the real SMTP server on loopback (notifications, meetings, hearings). Each app's
# own fixtures live in its tests/conftest.py.
pytest_plugins = ["meetings.tests.seed", "notifications.tests.smtp"]


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium (it uses the ``browser`` fixture, directly or through ``page``,
    ``phone_page``, ``reflow`` …) carries the ``browser`` mark, whether or not its module says so:
    ``make test`` runs the browser journeys once, on PostgreSQL, and deselects them from the SQLite run
    with ``-m "not browser"``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _danish_until_told_otherwise():
    """Every test starts in the site's language (Danish), whatever an earlier test in the same
    worker activated."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_passwords():
    """MD5 instead of PBKDF2 (a quarter of a CPU second a hash), mail in memory and no SMS quiet
    hours, for the whole session: session- and module-scoped fixtures (the demo data's users) hash
    passwords too."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                           EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                           # No quiet hours unless a test asks for them: an SMS stored by a test run
                           # at night must leave like one stored by day (notifications.quiet).
                           STEMME_SMS_QUIET_HOURS="",
                           # Django's cache of public pages (core.publiccache) is renewed on commit, and a
                           # test's transaction never commits: the tests that cache pages turn it on
                           # (fixture ``public_cache``) and commit with django_capture_on_commit_callbacks.
                           STEMME_PUBLIC_CACHE=False,
                           # The same for the fragments of internal pages (core.fragments): fixture
                           # ``fragment_cache`` turns them on.
                           STEMME_FRAGMENT_CACHE=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters (core.ratelimit) live there."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def public_cache(settings):
    """Django's cache of anonymous public pages on (core.publiccache), for this test."""
    settings.STEMME_PUBLIC_CACHE = True


@pytest.fixture
def fragment_cache(settings):
    """The cached fragments of internal and personal pages on (core.fragments), for this test."""
    settings.STEMME_FRAGMENT_CACHE = True


# --- Builders (through the real services) ------------------------------------------------

@pytest.fixture
def make_user(db):
    """make_user(email=None, name=..., password=..., superuser=False): accounts' UserFactory."""
    from accounts.tests.factories import PASSWORD, UserFactory

    def make(email=None, *, name="", password=PASSWORD, superuser=False):
        fields = {"email": email} if email else {}
        if name:
            fields["name"] = name
        return UserFactory(password=password, is_superuser=superuser, is_staff=superuser, **fields)

    return make


@pytest.fixture
def make_council(db):
    from councils import services
    from councils.tests.factories import MunicipalityFactory

    def make(slug="testraad", *, preset="albertslund2018", name=None, secretary=None,
             term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 12, 31)):
        muni = MunicipalityFactory(slug=f"kommune-{slug}", name=f"Kommune {slug}")
        council = services.council_create_from_preset(
            municipality=muni, preset_key=preset, name=name or f"Udsatterådet {slug}", slug=slug,
            term_start=term_start, term_end=term_end)
        if secretary is not None:
            services.council_secretary_add(council=council, user=secretary)
        return council

    return make


@pytest.fixture
def add_member(db):
    """add_member(council, name, role="member", seat=<category name or None>, substitute_for=<membership>, ...)"""
    from councils import services
    from councils.models import SeatCategory, Term

    def add(council, name, *, role="member", seat=None, substitute_for=None, user=None, lived=False,
            publish=True, start=dt.date(2026, 2, 1), email=None, **person_fields):
        term = Term.objects.filter(council=council).order_by("-start").first()
        person = services.person_save(council=council, name=name, email=email or f"{name.split()[0].lower()}@ex.org",
                                      user=user, lived_experience=lived, publish_name=publish, **person_fields)
        category = None
        if role == "member":
            qs = SeatCategory.objects.filter(council=council, term=term)
            category = qs.get(name=seat) if seat else qs.order_by("position").first()
        return services.membership_create(council=council, person=person, term=term, role=role, start=start,
                                          seat_category=category, substitute_for=substitute_for)

    return add


# --- Browser -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving static files the way production does: WhiteNoise (in
    MIDDLEWARE) from the collected files, hashed names with a year's immutable caching and gzip.
    pytest-django would put a static files handler in front that knows neither the hashed names
    nor compression."""
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda application: application  # WhiteNoise answers /static/
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium: make test does this as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


# Every page records the Content-Security-Policy violations it meets; check_axe fails on any
# (an inline script, style or handler that the policy blocked is a broken page).
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " +
                              e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A small phone screen, as many members use."""
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.add_init_script(CSP_WATCH)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _run_axe(page, attempts: int = 3) -> dict:
    """Inject axe-core and run it. A click just before may still be loading the next page: then
    the document is swapped under the script (no <head> yet, or a destroyed context), so wait for
    the new page to load and try again rather than fail on the race. axe is evaluated through the
    DevTools protocol, not added as a <script> tag: the page's Content-Security-Policy forbids
    inline scripts, and the test must not loosen it."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            page.evaluate(AXE_JS.read_text())
            return page.evaluate(
                """async () => await axe.run(document, {runOnly: {type: 'tag',
                     values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                     resultTypes: ['violations']})""")
        except PlaywrightError as error:
            navigating = any(text in str(error) for text in (
                "appendChild", "Execution context was destroyed", "axe is not defined",
                "Cannot find context"))
            if not navigating or attempt == attempts - 1:
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def check_axe(page, *, name: str | None = None) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; fail on any violation.
    With ``name``, also save a screenshot to test-artifacts/ for a person to look at."""
    result = _run_axe(page)
    blocked = page.evaluate("() => window.__cspViolations || []")
    if blocked:
        raise AssertionError(f"The Content-Security-Policy blocked {len(blocked)} thing(s) on {page.url}:\n"
                             + "\n".join(blocked))
    violations = result["violations"]
    if name:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if violations:
        lines = [f"{v['id']} ({v['impact']}): {v['help']} -> "
                 + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                             for n in v["nodes"][:5]) for v in violations]
        raise AssertionError(f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(lines))


@pytest.fixture
def axe():
    return check_axe


@pytest.fixture
def login(live_server):
    """login(page, user): signs in through the real login form."""

    def do(page, user, password="korrekt-hest-batteri"):
        page.goto("/konto/log-ind/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").last.click()
        page.wait_for_url(lambda url: "/log-ind/" not in url)

    return do


def check_reflow(browser, live_server, path: str, *, name: str | None = None, cookies: list | None = None) -> None:
    """The page at ``path`` at 200 % zoom on a 390 px phone (WCAG 1.4.10 reflow): the same CSS
    viewport as 195 × 422 px at a device scale of 4. Nothing may scroll sideways, and axe finds
    no violation there either. ``cookies`` (from ``page.context.cookies()``) carry a login."""
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 195, "height": 422},
                                  device_scale_factor=4, is_mobile=True, has_touch=True)
    context.add_init_script(CSP_WATCH)
    context.set_default_timeout(10_000)
    if cookies:
        context.add_cookies(cookies)
    try:
        zoomed = context.new_page()
        zoomed.goto(path)
        width = zoomed.evaluate("document.documentElement.scrollWidth")
        assert width <= 195, f"{path} scrolls sideways at 200 % zoom on a 390 px phone ({width} CSS px for 195)"
        check_axe(zoomed, name=name)
    finally:
        context.close()


@pytest.fixture
def reflow(browser, live_server):
    """reflow(path, name=None, cookies=None): ``check_reflow`` for this test's server."""

    def do(path: str, *, name: str | None = None, cookies: list | None = None) -> None:
        check_reflow(browser, live_server, path, name=name, cookies=cookies)

    return do
