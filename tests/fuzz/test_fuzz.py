"""Hypothesis fuzz of every URL and every form, for every role: no 500, and nothing written in
another council.

The URLs come from the URL resolver (``_walk`` of the tenancy matrix), so a new page or a new
form is fuzzed the day it is added, with no change here. For each role the test

1. GETs every URL with real ids of the acting council (Nordby) and reads the ``<form>``s of
   every page (tests/fuzz/forms.py): a form's fields are filed under the URL its action resolves
   to, so a POST-only action is fuzzed with the fields of the page that posts to it;
2. fuzzes every URL with Hypothesis: the path's parameters (0, huge, the other council's id,
   garbage, truncated or wrongly salted tokens), a GET with a fuzzed query string, and a POST of
   each form with fuzzed values (empty, huge, unicode, a CPR number, HTML/script, NUL, negative
   and huge numbers, impossible dates, the other council's ids, files that are not what they say);
3. asserts every answer is below 500 and that, after every POST, a fingerprint of Sydby's rows
   (every council-owned table, every municipality-owned table, its users) is unchanged.

Each example runs in a savepoint that is rolled back, so every example starts from the same
world. ``FUZZ_EXAMPLES`` (default 3) is the number of examples per URL for a role the policy
lets in (a role it refuses gets a third); ``make fuzz`` runs many more. Django's own admin
(/django-admin/) is not fuzzed: it is Django's code, for the platform admin only.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, get_resolver, resolve
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.permissions import POLICY
from core.tests import test_tenancy_matrix
from core.tests.test_tenancy_matrix import (
    ACTORS,
    NORDBY,
    PARAM_RE,
    SYDBY,
    CouncilUrl,
    _walk,
    object_kind,
)
from tests.fuzz.forms import Form, page_forms

# The tenancy matrix's world: Nordby and Sydby, each with a secretary, a chair, a member and a
# substitute, and one object of every kind a URL names (a fixture).
world = test_tenancy_matrix.world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# The suite reports the first failing example as it was generated (its request is in the message);
# FUZZ_SHRINK=1 (make fuzz) lets Hypothesis shrink it to the smallest first.
PHASES = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK") == "1" else [])
ROLES = ["platform_admin", "secretariat", "chair", "member", "substitute", "anonymous"]
REPO = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "councils", "notifications", "meetings", "hearings", "activities", "finance",
        "library", "reports", "public", "privacy"]

# --- The URLs ------------------------------------------------------------------------------------


def fuzzed_urls() -> list[CouncilUrl]:
    """Every URL of the site but Django's admin."""
    return [CouncilUrl(route, name or route, callback) for route, name, callback in _walk(get_resolver().url_patterns)
            if not route.startswith("django-admin/")]


def request_keys() -> list[str]:
    """The query and form keys the views read straight from ``request.GET``/``request.POST``
    (not through a form), found in the source: each is fuzzed on every URL."""
    pattern = re.compile(r"request\.(?:GET|POST)(?:\.get|\.getlist)?[(\[][\"']([\w-]+)[\"']")
    keys = set()
    for app in APPS:
        for path in (REPO / app).rglob("*.py"):
            if "tests" not in path.parts:
                keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return sorted(keys | {"page", "q", "year", "id", "pk"})


# --- Values --------------------------------------------------------------------------------------

NASTY = [
    "", " ", "0", "-1", "1.5", "1e309", "NaN", "99999999999999999999999", str(2**63), str(-(2**63) - 1),
    "010190-1234", "0101901234", "Mit CPR er 241299-1234", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "' OR 1=1 --", "%s%s%n", "\x00", "a\x00b", "Æblegrød ø å ü ß 中文 🙂",
    "\u202eevil", "ＡＢＣ", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T23:59", "31.12.2026",
    "24:61", "true", "null", "[]", "{}", "../../etc/passwd", "javascript:alert(1)", "//evil.example.org/",
    "https://evil.example.org/", "x" * 5000, "æ" * 20_000, "\n" * 500, "on", "off",
]
FILES = [
    ("bilag.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    ("bilag.pdf", b"MZ\x90\x00 not a pdf, an executable"),
    ("tom.pdf", b""),
    ("billede.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("<script>.docx", b"PK\x03\x04 broken zip"),
    ("x" * 300 + ".pdf", b"%PDF-1.4\n%%EOF\n"),
    ("agenda.xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>"),
]


@dataclass
class Target:
    """One URL as one actor: the real values of its parameters and what may go in them."""
    url: CouncilUrl
    real: dict[str, str]
    alternatives: dict[str, list[str]]
    forms: list[Form] = field(default_factory=list)
    file: bool = False


def _int_values(real: str, other: str | None) -> list[str]:
    values = [real, "0", "1", str(2**31), str(2**63 + 1), "9" * 30]
    return values + ([other] if other else [])


def _token_values(real: str) -> list[str]:
    value = real.split(":")[0] if ":" in real else real
    return [real, real[:-4] or "x", real + "x", real.upper(), "x", "Ø" * 30, "a" * 600,
            signing.TimestampSigner(salt="another-salt").sign(value), signing.Signer(salt="x").sign("1"),
            f"{value}:1abc:forged", "1", "..", "%00"]


def path_values(url: CouncilUrl, world, actor) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The real value of each path parameter and what the fuzz may put there instead. The other
    council's slug is tried only where the actor may not act in it (the platform admin may act in
    every council, and anyone may write to a council through its public forms)."""
    real, alternatives = {}, {}
    converters = {m.group("name"): m.group("converter") or "str" for m in PARAM_RE.finditer(url.route)}
    extra = _non_council_values(world)
    for param, converter in converters.items():
        if param == "council_slug":
            real[param] = world.councils[NORDBY].slug
            alternatives[param] = [real[param], "findes-ikke", "x" * 300]
            if not _allowed(url, actor, SYDBY):
                alternatives[param].append(world.councils[SYDBY].slug)
            continue
        other = None
        try:
            kind = object_kind(url, param)
            own, other = str(world.objects[NORDBY][kind]), str(world.objects[SYDBY][kind])
        except (LookupError, ValueError, KeyError):
            own = str(extra.get((url.name, param), extra.get(param, "1")))
        real[param] = own
        if converter == "int":
            alternatives[param] = _int_values(own, other)
        else:
            alternatives[param] = _token_values(own) + ([other] if other else [])
    return real, alternatives


_EXTRA: dict[int, dict] = {}


def _non_council_values(world) -> dict:
    """Real values for the parameters of the URLs outside a council: the member's reading and
    afbud links, the letter's short code, the attachment behind the reading link."""
    key = id(world)
    if key not in _EXTRA:
        from meetings.models import Attendance
        from meetings.selectors.attendance import afbud_token
        from meetings.selectors.reading import reading_token

        attendance = Attendance.objects.get(pk=world.objects[NORDBY]["attendance"])
        _EXTRA.clear()
        _EXTRA[key] = {
            ("reading", "token"): reading_token(attendance), ("reading_coming", "token"): reading_token(attendance),
            ("reading_afbud", "token"): reading_token(attendance),
            ("reading_withdraw", "token"): reading_token(attendance),
            ("reading_attachment", "token"): reading_token(attendance),
            ("reading_attachment", "pk"): world.objects[NORDBY]["attachment"],
            ("reading_short", "code"): attendance.short_code or "7H3K9Q",
            ("afbud", "token"): afbud_token(attendance), ("afbud_withdraw", "token"): afbud_token(attendance),
            ("choose_language", "code"): "en", "token": "x", "uidb64": "MQ", "code": "ABCD",
        }
    return _EXTRA[key]


def build(url: CouncilUrl, values: dict[str, str]) -> str:
    def fill(match):
        return quote(values[match.group("name")], safe="")
    return "/" + PARAM_RE.sub(fill, url.route)


# --- Fingerprint of the other council ----------------------------------------------------------


def _owned_querysets(council):
    """A queryset per table for the rows ``council`` owns: its own row, its municipality's, every
    row with ``council`` (or ``municipality``) pointing at it, the join tables of those rows,
    and the users who hold a role in it."""
    from django.apps import apps
    from django.db.models import Q

    from accounts.models import User
    from councils.models import Council, Municipality

    owned = {}
    querysets = [Council.objects.filter(pk=council.pk), Municipality.objects.filter(pk=council.municipality_id)]
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if "council" in names:
            owned[model] = "council"
            querysets.append(model._default_manager.filter(council=council))
        elif "municipality" in names and model is not Council:
            owned[model] = "municipality"
            querysets.append(model._default_manager.filter(municipality=council.municipality_id))
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created:
            continue
        q = Q()
        for f in model._meta.concrete_fields:
            target = getattr(f, "related_model", None)
            if target in owned:
                q |= Q(**{f"{f.name}__{owned[target]}": council if owned[target] == "council"
                          else council.municipality_id})
        if q:
            querysets.append(model._default_manager.filter(q))
    from councils.models import CouncilSecretary, Person

    users = set(CouncilSecretary.objects.filter(council=council).values_list("user_id", flat=True))
    users |= set(Person.objects.filter(council=council, user__isnull=False).values_list("user_id", flat=True))
    querysets.append(User.objects.filter(pk__in=users))
    return querysets


def _digest(qs) -> tuple[int, str]:
    values = list(qs.order_by("pk").values_list())
    return len(values), hashlib.sha256(repr(values).encode()).hexdigest()


class Fingerprint:
    """The other council's rows, table by table (row count and a hash of every column), and a
    watch on the SQL a request runs: only the tables a request wrote to are read again."""

    WRITE = re.compile(r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
    WRITE_WORD = re.compile(r"\b(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|TRUNCATE)\b", re.IGNORECASE)

    def __init__(self, querysets):
        self.querysets = querysets
        self.before = {i: _digest(qs) for i, qs in enumerate(querysets)}
        self.tables: set[str] = set()
        self.unknown = False

    @property
    def rows(self) -> int:
        return sum(count for count, _digest in self.before.values())

    def __call__(self, execute, sql, params, many, context):
        """An execute wrapper (connection.execute_wrapper): note the tables written to."""
        head = sql.lstrip()[:12].upper()
        if not head.startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "PRAGMA", "SET ", "SHOW")):
            match = self.WRITE.match(sql)
            if match:
                self.tables.add(match.group(1))
            elif self.WRITE_WORD.search(sql):
                self.unknown = True  # a write we cannot name (WITH … UPDATE): read everything again
        return execute(sql, params, many, context)

    def reset(self) -> None:
        self.tables, self.unknown = set(), False

    def changed(self) -> list[str]:
        """The tables of the other council whose rows differ from the start (only those written to)."""
        changed = []
        for i, qs in enumerate(self.querysets):
            if self.unknown or qs.model._meta.db_table in self.tables:
                if _digest(qs) != self.before[i]:
                    changed.append(qs.model._meta.label)
        return changed

    def changed_anywhere(self) -> list[str]:
        return [qs.model._meta.label for i, qs in enumerate(self.querysets) if _digest(qs) != self.before[i]]


# --- The test ----------------------------------------------------------------------------------


class _Undo(Exception):
    """Raised at the end of every example to roll its savepoint back."""


def _login(client, world, role: str):
    client.logout()
    actor = next(a for a in ACTORS if a.key == role)
    user = world.user_for(actor)
    if user is not None:
        client.force_login(user)
    return actor


def _allowed(url: CouncilUrl, actor, council: str = NORDBY) -> bool:
    if url.permission is None:
        return True
    return bool(actor.roles_in(council) & POLICY[url.permission])


def _collect_forms(client, targets: dict[str, Target], actor) -> int:
    """GET every URL the actor may open, with real values; file each form of each page under the
    URL its action resolves to. Returns the number of pages read."""
    pages = 0
    for target in targets.values():
        if not _allowed(target.url, actor):
            continue  # a 403 or the login page: no form of the council
        response = client.get(build(target.url, target.real))
        assert response.status_code < 500, f"GET {build(target.url, target.real)}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
            target.file = True  # a PDF, a calendar, a feed: no forms, one example is enough
            continue
        pages += 1
        for form in page_forms(response.content.decode(), build(target.url, target.real)):
            try:
                match = resolve(form.action)
            except Resolver404:
                continue
            owner = targets.get(match.route)
            if owner is not None and not any(f.fields.keys() == form.fields.keys() and f.method == form.method
                                             for f in owner.forms):
                owner.forms.append(form)
    return pages


def _field_value(f, foreign_ids: list[str]):
    offered = [v for v in [f.value, *f.choices] if v is not None]
    single = st.one_of(st.sampled_from(offered or [""]), st.sampled_from(NASTY), st.text(max_size=40),
                       st.integers(min_value=-(2**70), max_value=2**70).map(str), st.sampled_from(foreign_ids))
    if f.kind == "file":
        return st.sampled_from(range(len(FILES))).map(lambda i: ("file", i))
    if f.multiple:
        return st.lists(single, max_size=3)
    return single


@st.composite
def _body(draw, form: Form, foreign_ids: list[str], keys: list[str]):
    """A form's data: as the page offers it with one or two fields changed, or every field
    changed, or empty; sometimes with a key the view reads from request.POST."""
    data: dict = {}
    for f in form.fields.values():
        if f.kind == "file":
            continue
        if f.kind in ("radio", "checkbox"):
            if f.value:
                data[f.name] = [f.value] if f.multiple else f.value
        elif f.kind == "select" and not f.value:
            data[f.name] = next((c for c in f.choices if c), "")
        else:
            data[f.name] = f.value
    names = sorted(form.fields)
    mode = draw(st.sampled_from(["some", "all", "empty"]))
    if mode == "empty":
        return {}
    if names:
        chosen = names if mode == "all" else draw(st.lists(st.sampled_from(names), min_size=1, max_size=2,
                                                            unique=True))
        for name in chosen:
            data[name] = draw(_field_value(form.fields[name], foreign_ids))
    if draw(st.booleans()):
        data[draw(st.sampled_from(keys))] = draw(st.sampled_from(NASTY + foreign_ids))
    return data


def _materialise(data: dict) -> dict:
    """File placeholders become fresh uploads (an upload is read once)."""
    out = {}
    for key, value in data.items():
        if isinstance(value, tuple) and value and value[0] == "file":
            name, content = FILES[value[1]]
            out[key] = SimpleUploadedFile(name, content, content_type="application/pdf")
        else:
            out[key] = value
    return out


@dataclass
class Tally:
    urls: int = 0
    forms: int = 0
    pages: int = 0
    examples: int = 0
    posts: int = 0
    request_seconds: float = 0.0
    fingerprint_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


TALLY: dict[str, Tally] = {}


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_every_url_and_form(role, world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    actor = _login(client, world, role)
    sydby = _owned_querysets(world.councils[SYDBY])
    watch = Fingerprint(sydby)
    assert watch.rows > 50, "the other council has rows to protect"
    foreign_ids = sorted({str(v) for v in world.objects[SYDBY].values() if isinstance(v, int)})
    keys = request_keys()
    targets: dict[str, Target] = {}
    for url in fuzzed_urls():
        real, alternatives = path_values(url, world, actor)
        targets[url.route] = Target(url, real, alternatives)
    tally = TALLY.setdefault(role, Tally())
    started = time.monotonic()
    tally.pages = _collect_forms(client, targets, actor)
    collected = time.monotonic() - started
    _login(client, world, role)  # a page may have ended the session (log-ud)

    for target in targets.values():
        tally.urls += 1
        tally.forms += sum(f.method == "post" for f in target.forms)
        examples = EXAMPLES if _allowed(target.url, actor) and not target.file else max(1, EXAMPLES // 3)
        post_forms = [f for f in target.forms if f.method == "post"] or [Form(build(target.url, target.real), "post")]
        get_forms = [f for f in target.forms if f.method == "get"] or [Form(build(target.url, target.real), "get")]
        path_strategy = st.fixed_dictionaries({p: st.sampled_from(vs) for p, vs in target.alternatives.items()})
        request_strategy = st.one_of(
            st.tuples(st.just("post"), st.sampled_from(post_forms).flatmap(lambda f: _body(f, foreign_ids, keys))),
            st.tuples(st.just("get"), st.sampled_from(get_forms).flatmap(lambda f: _body(f, foreign_ids, keys))),
        )

        fuzz = _fuzzer(target, client, tally, watch, examples, path_strategy, request_strategy)
        try:
            fuzz()
        except Exception as error:  # noqa: BLE001  (collect them all, report together)
            notes = "\n".join(getattr(error, "__notes__", []))
            tally.failures.append(f"{role} {target.url.name}: {type(error).__name__}: {str(error)[:500]}\n{notes}")
    elapsed = time.monotonic() - started
    print(f"\nfuzz[{role}]: {tally.urls} URLs, {tally.pages} pages read, {tally.forms} POST forms, "
          f"{tally.examples} examples ({tally.posts} POSTs) in {elapsed:.1f} s (reading the pages {collected:.1f} s, "
          f"requests {tally.request_seconds:.1f} s, fingerprints {tally.fingerprint_seconds:.1f} s)")
    assert watch.changed_anywhere() == []
    assert not tally.failures, f"{len(tally.failures)} failing URL(s):\n" + "\n\n".join(tally.failures)


def _fuzzer(target, client, tally, watch, examples, path_strategy, request_strategy):
    from django.core.cache import cache
    from django.db import connection

    @hypothesis_settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                         suppress_health_check=list(HealthCheck), phases=PHASES)
    @given(values=path_strategy, request=request_strategy)
    def fuzz(values, request):
        method, data = request
        path = build(target.url, values)
        cache.clear()  # rate-limit counters: every example gets past them
        session = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        session = session.value if session else None
        tally.examples += 1
        try:
            with transaction.atomic():
                started = time.monotonic()
                watch.reset()
                try:
                    with connection.execute_wrapper(watch):
                        response = _send(client, method, path, data, tally)
                except Exception as error:
                    raise AssertionError(f"{method.upper()} {path} {_short(data)}: 500 ({type(error).__name__}: "
                                         f"{error})\n{_where(error)}") from error
                finally:
                    tally.request_seconds += time.monotonic() - started
                status = response.status_code
                if response.streaming:  # read to the end: the test client closes it then, as a server would
                    b"".join(response.streaming_content)
                assert status < 500, f"{method.upper()} {path} {_short(data)}: {status}"
                started = time.monotonic()
                changed = watch.changed()
                tally.fingerprint_seconds += time.monotonic() - started
                assert not changed, f"{method.upper()} {path} {_short(data)} changed Sydby's rows in {changed}"
                raise _Undo
        except _Undo:
            pass
        finally:
            now = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
            if (now.value if now else None) != session:  # logged out, or a new session: as before
                if session is None:
                    client.cookies.pop(django_settings.SESSION_COOKIE_NAME, None)
                else:
                    client.cookies[django_settings.SESSION_COOKIE_NAME] = session

    return fuzz


def _send(client, method, path, data, tally):
    if method == "post":
        tally.posts += 1
        return client.post(path, _materialise(data))
    return client.get(path, {k: v for k, v in data.items() if not isinstance(v, tuple)})


def _short(data: dict) -> str:
    """The request's data for a message: long values cut."""
    return repr({k: (v[:60] + f"…({len(v)})" if isinstance(v, str) and len(v) > 60 else v) for k, v in data.items()})


def _where(error: BaseException) -> str:
    """The last frames of Stemme's own code in the traceback."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if "site-packages" not in f.filename]
    return "".join(traceback.format_list(frames[-3:]))


def test_the_watch_sees_a_write_to_the_other_council_and_ignores_the_own(make_council, add_member):
    """The fingerprint can fail: a write to the other council's rows is seen, a write to the
    acting council's is not, and reading alone reads nothing again."""
    from django.db import connection

    from councils.models import Person

    nordby, sydby = make_council("nordby"), make_council("sydby")
    add_member(nordby, "Anna Nordbosen")
    add_member(sydby, "Bent Sydbosen")
    watch = Fingerprint(_owned_querysets(sydby))
    with connection.execute_wrapper(watch):
        Person.objects.filter(council=nordby).update(name="Anna Ændret")
        list(Person.objects.all())
    assert "councils_person" in watch.tables
    assert watch.changed() == []
    watch.reset()
    with connection.execute_wrapper(watch):
        Person.objects.filter(council=sydby).update(phone="12345678")
    assert watch.changed() == ["councils.Person"]
    assert watch.changed_anywhere() == ["councils.Person"]


def test_forms_are_read_from_the_page():
    html = """<form method="post" action="gem/" enctype="multipart/form-data">
      <input type="hidden" name="csrfmiddlewaretoken" value="x"><input name="title" value="Møde">
      <select name="kind"><option value="">--</option><option value="a" selected>A</option></select>
      <input type="checkbox" name="tags" value="1"><input type="checkbox" name="tags" value="2" checked>
      <textarea name="text">Hej</textarea><input type="file" name="file">
      <button name="action" value="approve">Godkend</button></form>
      <form><input type="search" name="q"></form>"""
    post, get = page_forms(html, "/nordby/intern/moeder/1/")
    assert (post.action, post.method, post.multipart) == ("/nordby/intern/moeder/1/gem/", "post", True)
    assert sorted(post.fields) == ["action", "file", "kind", "tags", "text", "title"]
    assert post.fields["kind"].choices == ["", "a"] and post.fields["kind"].value == "a"
    assert post.fields["tags"].multiple and post.fields["tags"].choices == ["1", "2"]
    assert post.fields["text"].value == "Hej"
    assert (get.action, get.method, list(get.fields)) == ("/nordby/intern/moeder/1/", "get", ["q"])
