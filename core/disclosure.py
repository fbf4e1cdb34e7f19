"""The disclosure policy: the one place that decides what the public sees of a person or an
agenda item. It sits beside the permission policy (``core/permissions.py``): permissions decide
who may open a page, disclosure decides what a page without login may say.

Every public page, public PDF, ICS feed and the sitemap renders people and items through it
(and so must the search index and the open API when they come):

* **Names only with consent.** A person is named only when ``Person.publish_name`` is on and
  they are not a nominee. Everyone else is shown by their role on the document's date: "et
  medlem", "en suppleant", "en gæst", "et tidligere medlem", "et kommende medlem" …, and
  "formanden" / "næstformanden" when they held that position that day and the rules of
  procedure in force then make positions public (``RulesOfProcedure.publish_positions``).
* **No nominee before appointment.** A person whose only memberships are nominations
  (status "nominated") is never named, even with ``publish_name`` on: "en kandidat".
* **Closed items by their switches.** A closed item (``AgendaItem.closed``) is public only with
  ``publish_title``, its decision only with ``publish_decision``; its case text, recommendation,
  attachments and responsible person never.
* **Sensitive flags never.** Lived-experience status and seat categories are never read here,
  so no label can reveal them: roles are member, substitute, guest, chair and vice-chair only.

Consent is read when the page is rendered, so a withdrawal takes effect on every public page,
PDF and feed at once. Text written earlier (decisions, case text, the generated standard items,
report backs, letters) is passed through ``Disclosure.text``, which replaces the full name of
every person who may not be named with their role label.

Use::

    disclosure = Disclosure.for_council(council, on=meeting_day)
    disclosure.person(person)                 # "Anne Holm" or "et medlem"
    disclosure.people(persons)                # "Anne Holm, formanden, 5 medlemmer og 2 suppleanter"
    disclosure.text(item.decision)            # free text with names replaced
    disclosure.at(other_day)                  # the same people on another date, no new queries
    item_visible(item), item_case_visible(item), item_decision_visible(item)

and in templates (``{% load disclosure %}``): ``{{ item.decision|public_text:disclosure }}``,
``{{ person|public_name:disclosure }}``, ``{{ persons|public_people:disclosure }}``.

Queries: a ``Disclosure`` loads the council's people with their memberships and their positions
the first time it is asked about a person or a text (two queries), and the rules' position switch
the first time it meets someone holding a position (one more), whatever the number of people,
items or dates asked about (``at`` shares the data).

Free-text matching (``text``): full names only, longest first (so a consenting "Anne Holm
Jensen" is kept whole while a non-consenting "Anne Holm" is replaced), case-insensitive, on
word boundaries, any whitespace between the parts of a name, with a Danish genitive ("Anne
Holms" → "et medlems"). A label at the start of a line or sentence is capitalised. Lists of
people ("tilmeldt: A, B og C") are collapsed like ``people`` does. When a consenting and a
non-consenting person share the exact same name, the name is replaced: in doubt, nobody is
named. First names used alone are not recognised: write full names or roles in free text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core import roster

# Role keys, in the order a list of people names them.
CHAIR, VICE_CHAIR = "chair", "vice_chair"
MEMBER, SUBSTITUTE, GUEST = "member", "substitute", "guest"
ROLE_ORDER = (CHAIR, VICE_CHAIR, MEMBER, SUBSTITUTE, GUEST, "former_member", "former_substitute", "former_guest",
              "future_member", "future_substitute", "future_guest", "nominee", "person")
_MEMBERSHIP_PRIORITY = {MEMBER: 0, SUBSTITUTE: 1, GUEST: 2}


_SINGULAR = {
    CHAIR: gettext_lazy("formanden"), VICE_CHAIR: gettext_lazy("næstformanden"),
    MEMBER: gettext_lazy("et medlem"), SUBSTITUTE: gettext_lazy("en suppleant"), GUEST: gettext_lazy("en gæst"),
    "former_member": gettext_lazy("et tidligere medlem"), "former_substitute": gettext_lazy("en tidligere suppleant"),
    "former_guest": gettext_lazy("en tidligere gæst"), "future_member": gettext_lazy("et kommende medlem"),
    "future_substitute": gettext_lazy("en kommende suppleant"), "future_guest": gettext_lazy("en kommende gæst"),
    "nominee": gettext_lazy("en kandidat"), "person": gettext_lazy("en person"),
}
# "Anne Holm (formand)": a named person's position. Not written inside the f-string, where
# makemessages cannot find the strings.
_POSITION_NOUN = {CHAIR: gettext_lazy("formand"), VICE_CHAIR: gettext_lazy("næstformand")}
_PLURAL = {  # chair and vice-chair have none: one person holds each
    MEMBER: ngettext_lazy("%(n)d medlem", "%(n)d medlemmer", "n"),
    SUBSTITUTE: ngettext_lazy("%(n)d suppleant", "%(n)d suppleanter", "n"),
    GUEST: ngettext_lazy("%(n)d gæst", "%(n)d gæster", "n"),
    "former_member": ngettext_lazy("%(n)d tidligere medlem", "%(n)d tidligere medlemmer", "n"),
    "former_substitute": ngettext_lazy("%(n)d tidligere suppleant", "%(n)d tidligere suppleanter", "n"),
    "former_guest": ngettext_lazy("%(n)d tidligere gæst", "%(n)d tidligere gæster", "n"),
    "future_member": ngettext_lazy("%(n)d kommende medlem", "%(n)d kommende medlemmer", "n"),
    "future_substitute": ngettext_lazy("%(n)d kommende suppleant", "%(n)d kommende suppleanter", "n"),
    "future_guest": ngettext_lazy("%(n)d kommende gæst", "%(n)d kommende gæster", "n"),
    "nominee": ngettext_lazy("%(n)d kandidat", "%(n)d kandidater", "n"),
    "person": ngettext_lazy("%(n)d person", "%(n)d personer", "n"),
}


def role_label(key: str, count: int = 1) -> str:
    """"et medlem" / "3 medlemmer" for a role key (see ``ROLE_ORDER``)."""
    if count == 1 or key not in _PLURAL:
        return str(_SINGULAR[key])
    return str(_PLURAL[key] % {"n": count})


def join_words(parts: list[str]) -> str:
    """"A", "A og B", "A, B og C"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s og %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Items (no data needed: the switches are on the item) ---------------------------------------

def item_visible(item: Any) -> bool:
    """The item appears on public pages at all: open, or closed with "title may be published"."""
    return not item.closed or item.publish_title


def item_case_visible(item: Any) -> bool:
    """Case text, recommendation, attachments and the responsible person: open items only."""
    return not item.closed


def item_decision_visible(item: Any) -> bool:
    """Decision, dissent, votes, conflicts and action items: open items, or closed items with
    "decision may be published"."""
    return not item.closed or item.publish_decision


# --- People ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    role: str
    appointed: bool
    start: dt.date
    end: dt.date | None  # the earlier of the membership's end and its term's end

    def covers(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


@dataclass
class PersonFacts:
    pk: int
    name: str
    publish_name: bool
    memberships: list[Span] = field(default_factory=list)
    positions: list[Span] = field(default_factory=list)

    @property
    def is_nominee_only(self) -> bool:
        return bool(self.memberships) and not any(m.appointed for m in self.memberships)

    @property
    def may_be_named(self) -> bool:
        return self.publish_name and not self.is_nominee_only


class CouncilFacts:
    """The council's people, memberships, positions and position switches: loaded once
    (``load``), shared by every date (``Disclosure.at``). Tests may build one by hand."""

    def __init__(self, people: dict[int, PersonFacts], rules: list[tuple[dt.date, int, bool]] | None = None,
                 *, load_rules: Callable[[], Iterable[tuple[dt.date, int, bool]]] | None = None) -> None:
        self.people = people
        self._rules = None if rules is None and load_rules is not None else sorted(rules or [])
        self._load_rules = load_rules

    @property
    def rules(self) -> list[tuple[dt.date, int, bool]]:
        """(valid_from, version, publish_positions), oldest first; read only when a position is asked about."""
        if self._rules is None:
            self._rules = sorted(cast(Callable[[], Iterable[tuple[dt.date, int, bool]]], self._load_rules)())
        return self._rules

    @classmethod
    def load(cls, council: Any) -> CouncilFacts:
        """Two queries (people with their memberships, positions), and one more for the rules'
        position switch the first time someone who holds a position is asked about. The roster
        belongs to ``councils``, which provides the read (``core.roster``)."""
        return roster.source().disclosure_facts(council=council)

    def positions_public(self, on: dt.date) -> bool:
        rules = self.rules
        if not rules:
            return True
        in_force = [r for r in rules if r[0] <= on]
        return (in_force[-1] if in_force else min(rules, key=lambda r: r[1]))[2]

    @cached_property
    def matcher(self) -> _Matcher:
        return _Matcher(self.people.values())


class Disclosure:
    """What the public may see of one council's people on one date. Build it once per page
    (``for_council``); it queries nothing until first asked about a person or a text."""

    def __init__(self, council: Any, *, on: dt.date, facts: CouncilFacts | None = None,
                 _shared: list[CouncilFacts | None] | None = None) -> None:
        self.council = council
        self.on = on
        # A one-element list shared with the Disclosures made by ``at``, so data loads once.
        self._shared = _shared if _shared is not None else [facts]

    @classmethod
    def for_council(cls, council: Any, *, on: dt.date) -> Disclosure:
        return cls(council, on=on)

    def at(self, on: dt.date) -> Disclosure:
        """The same council on another date, sharing the loaded data."""
        return Disclosure(self.council, on=on, _shared=self._shared)

    @property
    def _data(self) -> CouncilFacts:
        facts = self._shared[0]
        if facts is None:
            facts = self._shared[0] = CouncilFacts.load(self.council)
        return facts

    def _facts(self, person: Any) -> PersonFacts | None:
        return self._data.people.get(getattr(person, "pk", person))

    @property
    def positions_public(self) -> bool:
        """Whether the rules in force on the date make chair and vice-chair public."""
        return self._data.positions_public(self.on)

    # --- One person --------------------------------------------------------------------------

    def can_name(self, person: Any) -> bool:
        """Consent (read now) and not a nominee. A person of another council is never named."""
        facts = self._facts(person)
        return facts is not None and facts.may_be_named

    def role_key(self, person: Any, *, role: str | None = None) -> str:
        """The person's role on the date (see ``ROLE_ORDER``). ``role`` is a hint for someone the
        roster does not know, e.g. a guest added at a meeting."""
        facts = self._facts(person)
        if facts is None:
            return role if role in ROLE_ORDER else "person"
        on = self.on
        position = self.position_key(person)
        if position is not None:
            return position
        appointed = [m for m in facts.memberships if m.appointed]
        active = [m for m in appointed if m.covers(on)]
        if active:
            return min((m.role for m in active), key=lambda r: _MEMBERSHIP_PRIORITY.get(r, 9))
        past = [m for m in appointed if m.end is not None and m.end < on]
        if past:
            return "former_" + max(past, key=lambda m: cast(dt.date, m.end)).role  # ends: not None
        future = [m for m in appointed if m.start > on]
        if future:
            return "future_" + min(future, key=lambda m: m.start).role
        if facts.memberships:
            return "nominee"
        return role if role in ROLE_ORDER else GUEST  # no membership at all: a guest at a meeting

    def label(self, person: Any, *, role: str | None = None) -> str:
        """The role label, never the name: "et medlem", "formanden" …"""
        return role_label(self.role_key(person, role=role))

    def person(self, person: Any, *, role: str | None = None) -> str:
        """The name when it may be shown, else the role label. ``None`` gives ""."""
        if person is None:
            return ""
        if self.can_name(person):
            return cast(PersonFacts, self._facts(person)).name  # can_name: it has facts
        return self.label(person, role=role)

    def position_key(self, person: Any) -> str | None:
        """CHAIR or VICE_CHAIR when the person held it on the date and positions are public."""
        facts = self._facts(person)
        if facts is None:
            return None
        held = {p.role for p in facts.positions if p.covers(self.on)}
        kind = next((kind for kind in (CHAIR, VICE_CHAIR) if kind in held), None)
        return kind if kind is not None and self.positions_public else None

    def people(self, persons: Iterable[Any], *, role: str | None = None, with_positions: bool = False) -> str:
        """A list of people for a sentence: names first (in the given order), then the others
        counted by role: "Anne Holm, formanden, 5 medlemmer og 2 suppleanter". With
        ``with_positions`` a named chair reads "Anne Holm (formand)" (when positions are public)."""
        names: list[str] = []
        counts: dict[str, int] = {}
        for p in persons:
            if p is None:
                continue
            if self.can_name(p):
                name = cast(PersonFacts, self._facts(p)).name
                position = self.position_key(p) if with_positions else None
                if position is not None:
                    name = f"{name} ({_POSITION_NOUN[position]})"
                names.append(name)
            else:
                key = self.role_key(p, role=role)
                counts[key] = counts.get(key, 0) + 1
        return join_words(names + _count_parts(counts))

    def on_council(self) -> list[int]:
        """Ids of the people with an appointed membership running on the date (by name)."""
        people = sorted(self._data.people.values(), key=lambda f: f.name)
        return [f.pk for f in people if any(m.appointed and m.covers(self.on) for m in f.memberships)]

    def unnamed(self, persons: Iterable[Any]) -> list[Any]:
        """Those of ``persons`` (people or ids) who may not be named."""
        return [p for p in persons if p is not None and not self.can_name(p)]

    # --- Free text ---------------------------------------------------------------------------

    def text(self, value: str | None) -> str:
        """``value`` with the full name of everyone in the council who may not be named replaced
        by their role label on the date (see the module docstring). The labels are written in the
        language of the stored text, Danish, whatever the page's language: an English page shows
        "tovholder: et medlem", never "tovholder: a member"."""
        if not value:
            return value or ""
        with translation.override(settings.LANGUAGE_CODE):
            return self._data.matcher.replace(value, self)

    # --- Items -------------------------------------------------------------------------------

    def item_title(self, item: Any) -> str:
        """The item's title as the public may read it ("" when the item is not public)."""
        return self.text(item.title) if item_visible(item) else ""


def _count_parts(counts: dict[str, int]) -> list[str]:
    parts = []
    for key in ROLE_ORDER:
        n = counts.get(key, 0)
        if not n:
            continue
        if key in (CHAIR, VICE_CHAIR):  # one person holds it: repeat rather than count
            parts += [role_label(key)] * n
        else:
            parts.append(role_label(key, n))
    return parts


# --- Names in free text ---------------------------------------------------------------------------

_LIST_SEPARATOR = re.compile(r"(?:\s*,\s*(?:og\s+)?|\s+og\s+|\s*&\s*)", re.IGNORECASE)
_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[•\-*–]|\d+[.)])?[ \t]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”»)]*\s+$")
_NUMBER_DOT = re.compile(r"(?:^|\s)\d+\.\s+$")  # "10. " in a date is not the end of a sentence


def _starts_sentence(before: str) -> bool:
    return bool(_LINE_START.search(before)
                or (_SENTENCE_END.search(before) and not _NUMBER_DOT.search(before)))


def _tail(out: list[str], size: int = 40) -> str:
    """The end of what is written so far; longer text is marked so "^" cannot match inside it."""
    written = "".join(out)
    return written if len(written) <= size else "x" + written[-size:]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class _Ref:
    """A name found in a text: who it may be, and what it looks like there."""

    original: str
    genitive: str
    facts: list[PersonFacts]

    def named(self) -> bool:
        return all(f.may_be_named for f in self.facts)

    def role_key(self, disclosure: Disclosure) -> str:
        hidden = [f for f in self.facts if not f.may_be_named]
        keys = [disclosure.role_key(f.pk) for f in hidden]
        return min(keys, key=ROLE_ORDER.index) if keys else "person"


class _Matcher:
    """One regular expression over every name in the council, longest first."""

    def __init__(self, people: Iterable[PersonFacts]) -> None:
        self.by_key: dict[str, list[PersonFacts]] = {}
        for facts in people:
            key = _key(facts.name)
            if key:
                self.by_key.setdefault(key, []).append(facts)
        hidden = [k for k, fs in self.by_key.items() if not all(f.may_be_named for f in fs)]
        self.pattern: re.Pattern[str] | None = None
        if not hidden:
            return
        names = sorted(self.by_key, key=lambda k: (-len(k), k))
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in name.split()) for name in names)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?P<gen>s|')?(?!\w)", re.IGNORECASE)

    def _segments(self, value: str) -> list:
        segments: list = []
        last = 0
        for match in cast(re.Pattern[str], self.pattern).finditer(value):  # replace() asks only with one
            gen = match.group("gen") or ""
            original = match.group(0)[:len(match.group(0)) - len(gen)]
            facts = self.by_key.get(_key(original))
            if facts is None:  # the case-insensitive match found a spelling casefold() keys differently
                facts = [PersonFacts(0, original, False)]
            segments.append(value[last:match.start()])
            segments.append(_Ref(original, gen, facts))
            last = match.end()
        segments.append(value[last:])
        return segments

    def replace(self, value: str, disclosure: Disclosure) -> str:
        if self.pattern is None:
            return value
        segments = self._segments(value)
        out: list[str] = []
        i = 0
        while i < len(segments):
            segment = segments[i]
            if isinstance(segment, str):
                out.append(segment)
                i += 1
                continue
            run, j = self._list_run(segments, i)
            if len(run) > 1 and any(not r.named() for r in run) and not any(r.genitive for r in run):
                text = self._collapse(run, disclosure)
                i = j
            else:
                text = self._render(segment, disclosure)
                i += 1
            if not segment.named() and _starts_sentence(_tail(out)):
                text = capitalise(text)
            out.append(text)
        return "".join(out)

    @staticmethod
    def _list_run(segments: list, i: int) -> tuple[list[_Ref], int]:
        """The names from ``segments[i]`` on that form a list ("A, B og C"), and the index after it."""
        run = [segments[i]]
        j = i + 1
        while (j + 1 < len(segments) and isinstance(segments[j + 1], _Ref)
               and _LIST_SEPARATOR.fullmatch(segments[j])):
            run.append(segments[j + 1])
            j += 2
        return run, j

    @staticmethod
    def _render(ref: _Ref, disclosure: Disclosure) -> str:
        if ref.named():
            return ref.original + ref.genitive
        label = role_label(ref.role_key(disclosure))
        return label + ("s" if ref.genitive else "")

    @staticmethod
    def _collapse(run: list[_Ref], disclosure: Disclosure) -> str:
        names = [r.original for r in run if r.named()]
        counts: dict[str, int] = {}
        for ref in run:
            if not ref.named():
                key = ref.role_key(disclosure)
                counts[key] = counts.get(key, 0) + 1
        return join_words(names + _count_parts(counts))
