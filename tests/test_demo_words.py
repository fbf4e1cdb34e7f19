"""Words and formats across the demo: walk the pages a secretariat, a member and a citizen
reach from their start page, in Danish and in English, and read the visible text.

Every date is written the one way ("15. december 2026", "15.12.2026" in tables; "15 December
2026" in English): no abbreviated month, no ISO date. No amount ends a sentence with "kr..",
no range repeats its number ("2–2"), and no council's name gets a genitive glued on. The
demo's SMS and letters, seeded before the server started, show links for the address the
outbox page is served on (``make run PORT=8080``)."""

import collections
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import User
from core import links
from core.demo import seed_all
from hearings.documents import letter_html
from hearings.models import CommentLetter, Consultation
from hearings.selectors.consultations import response_document
from hearings.selectors.letters import comment_letter_document
from meetings.documents import document_html
from meetings.models import Meeting
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db

MONTHS = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)"
PROBLEMS = {
    "abbreviated month": re.compile(rf"\b\d{{1,2}}\.? {MONTHS}\b\.?|\b{MONTHS}\.? \d{{1,2}}\b", re.IGNORECASE),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "English date with a Danish full stop": re.compile(
        r"\b\d{1,2}\. (?:January|February|March|April|May|June|July|August|September|October|November|December)\b"),
    "double full stop after kr.": re.compile(r"kr\.\."),
    "range repeating its number": re.compile(r"(?<![\d.,])(\d+)–\1(?![\d.,])"),
    "genitive on a council's name": re.compile(r"\b(?:Albertslunds|Ishøjs|Gentoftes)\b|(?:Albertslund|Ishøj)' "),
}
SKIP = ("/log-ud", "/django-admin", "/static/", "/media/", "/konto/", ".pdf", ".docx", ".xlsx", ".csv", "/csv/",
        "/xlsx/", "/pdf/", "/word/")


class _Page(HTMLParser):
    """The visible text (no script, style or attributes) and the links of a page."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def _problems_in_text(name: str, text: str) -> list[str]:
    return [f"{name}: {problem}: …{text[max(m.start() - 50, 0):m.end() + 20]}…"
            for problem, pattern in PROBLEMS.items() for m in pattern.finditer(text)]


def _walk(client: Client, start: str, *, per_kind: int, limit: int = 400) -> tuple[int, list[str]]:
    """Follow the links from ``start`` within the demo's councils, at most ``per_kind`` pages of
    each kind (URLs alike but for their numbers), and report the problems found on them."""
    seen, kinds, queue, problems = set(), collections.Counter(), collections.deque([start]), []
    while queue and len(seen) < limit:
        url = queue.popleft()
        kind = re.sub(r"\d+", "N", url)
        if url in seen or kinds[kind] >= per_kind or any(s in url for s in SKIP):
            continue
        seen.add(url)
        kinds[kind] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        problems += _problems_in_text(url, page.visible_text)
        for href in page.links:
            target = urlsplit(urljoin(url, href))
            if target.scheme in ("", "http") and target.netloc in ("", "testserver") and target.path.startswith(
                    ("/albertslund", "/ishoej", "/gentofte", "/raad/")):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return len(seen), problems


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seeded once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_once, db):
    """The demo data; each test runs in a savepoint inside the module's transaction."""


def _client(email: str | None = None, language: str = "da", **extra) -> Client:
    client = Client(**extra)
    if email:
        client.force_login(User.objects.get(email=email))
    client.cookies["django_language"] = language
    return client


def _problems_in(name: str, html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    return _problems_in_text(name, page.visible_text)


def _document_problems() -> list[str]:
    """The agenda and minutes (the PDFs are this HTML), comment letters and consultation
    responses of the demo."""
    problems = []
    for meeting in Meeting.objects.filter(council__slug__in=("albertslund", "ishoej")).exclude(status="planned"):
        for kind in ("agenda", "minutes"):
            problems += _problems_in(f"{kind} {meeting.pk}", document_html(meeting, kind))
    letters = list(CommentLetter.objects.all())
    consultations = [c for c in Consultation.objects.all() if c.draft.strip()]
    assert letters and consultations
    for letter in letters:
        problems += _problems_in(f"comment letter {letter.pk}", letter_html(comment_letter_document(letter)))
    for consultation in consultations:
        problems += _problems_in(f"response {consultation.pk}", letter_html(response_document(consultation)))
    return problems


def test_the_demo_pages_and_documents_read_right_for_each_role_in_both_languages(demo):
    walks = [
        (_client("sekretariat@albertslund.example"), "/albertslund/intern/", 2),
        (_client("sekretariat@albertslund.example", "en"), "/albertslund/intern/", 1),
        (_client("medlem@albertslund.example"), "/albertslund/intern/", 1),
        (_client("sekretariat@ishoej.example"), "/ishoej/intern/", 1),
        (_client(), "/albertslund/", 2),
        (_client(language="en"), "/albertslund/", 1),
    ]
    problems, pages = [], 0
    for client, start, per_kind in walks:
        walked, found = _walk(client, start, per_kind=per_kind)
        pages += walked
        problems += found
    assert pages > 300, pages  # the walk reached the demo's pages
    problems += _document_problems()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems))[:60])


def test_seeded_sms_and_letters_link_to_the_port_the_server_runs_on(demo, settings):
    waiting = OutboxMessage.objects.filter(council__slug="albertslund", status=OutboxStatus.MANUAL)
    assert waiting.filter(channel="sms").exists() and waiting.filter(channel="letter").exists()
    assert not any("127.0.0.1:8000" in m.body or "http://" in m.body for m in waiting)
    settings.STEMME_BASE_URL = "http://127.0.0.1:8000"  # what `make run` had before PORT=8080
    page = _client("sekretariat@albertslund.example", HTTP_HOST="127.0.0.1:8080").get(
        "/albertslund/intern/udsendelser/").content.decode()
    texts = re.findall(r'<textarea[^>]*id="sms-text-\d+"[^>]*>([^<]*)</textarea>', page)
    assert texts and all("http://127.0.0.1:8080/l/" in t for t in texts)  # the personal reading link
    assert "127.0.0.1:8000" not in page and links.SITE not in page
