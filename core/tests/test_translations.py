"""English is provided for every interface string (issue 9, step 5: "the user interface in Danish,
translatable, with English provided"; "never a mix of English labels around Danish content").

The catalogue is read as text, so the test needs neither ``polib`` nor a compiled ``.mo``: no
entry may be empty, fuzzy (a guess ``makemessages`` made when the Danish changed) or obsolete,
and every placeholder and HTML tag of the Danish must be in the English. ``makemessages`` adds
every new Danish string with an empty English text, so a string added without its English fails
here once the catalogue is regenerated. The page test then reads what an English visitor sees
on the main pages: English labels, and no Danish word that does not come from the council's own
data (names, seat categories, the rules' text)."""

import ast
import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core.disclosure import Disclosure
from councils import services
from councils.models import (
    Council,
    Organisation,
    Person,
    RulesOfProcedure,
    SeatCategory,
    TaxonomyTerm,
    TermsOfReference,
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


# --- The catalogue ---------------------------------------------------------------------------

@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def where(self) -> str:
        return f"django.po:{self.line} {self.msgid[:70]!r}"


def read_catalogue(path: Path = CATALOGUE) -> list[Entry]:
    """The entries of a .po file as written by makemessages (one blank line between entries;
    strings split over several quoted lines)."""
    entries, entry, target = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):  # an obsolete entry: the same lines behind "#~ "
            entry.obsolete = True
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            target = keyword
            _append(entry, target, ast.literal_eval(value))
    return [e for e in entries if e.obsolete or e.msgid or e.msgstr]


def _append(entry: Entry, keyword: str | None, text: str) -> None:
    if keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif keyword == "msgstr":
        entry.msgstr[0] = entry.msgstr.get(0, "") + text
    elif keyword and keyword.startswith("msgstr["):
        index = int(keyword[7:-1])
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    elif keyword == "msgctxt":
        return
    else:
        raise AssertionError(f"unexpected line in the catalogue: {keyword} {text!r}")


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return [e for e in read_catalogue() if e.msgid]  # the header has an empty msgid


def test_the_reader_understands_the_catalogue_format(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#: a.py:1\n#, fuzzy, python-format\n'
                  'msgid ""\n"Mødet er %(n)d "\n"dage"\nmsgstr "The meeting is %(n)d days"\n\n'
                  'msgid "%(n)d medlem"\nmsgid_plural "%(n)d medlemmer"\nmsgstr[0] "%(n)d member"\n'
                  'msgstr[1] ""\n\n#~ msgid "Gammel"\n#~ msgstr "Old"\n', encoding="utf-8")

    header, fuzzy, plural, old = read_catalogue(po)

    assert header.msgid == "" and header.msgstr[0] == "Language: en\n"
    assert fuzzy.msgid == "Mødet er %(n)d dage" and fuzzy.flags == {"fuzzy", "python-format"}
    assert plural.msgid_plural == "%(n)d medlemmer" and plural.msgstr == {0: "%(n)d member", 1: ""}
    assert old.obsolete and old.msgid == "Gammel" and old.msgstr == {0: "Old"}


def test_every_interface_string_has_an_english_text(catalogue):
    assert len(catalogue) > 2000  # the whole catalogue was read
    empty = [e.where for e in catalogue if not e.obsolete and (
        len(e.msgstr) != (2 if e.msgid_plural is not None else 1) or not all(e.msgstr.values()))]
    fuzzy = [e.where for e in catalogue if "fuzzy" in e.flags]
    obsolete = [e.where for e in catalogue if e.obsolete]
    assert not empty, f"{len(empty)} strings have no English text:\n" + "\n".join(empty[:40])
    assert not fuzzy, f"{len(fuzzy)} English texts are guesses (#, fuzzy):\n" + "\n".join(fuzzy[:40])
    assert not obsolete, f"{len(obsolete)} obsolete entries (#~) are left:\n" + "\n".join(obsolete[:40])


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%[sd]")
TAG = re.compile(r"</?(a|abbr|b|br|code|em|i|kbd|li|ol|p|q|span|strong|ul)[\s>/]")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_english_keeps_every_placeholder_tag_and_line_break(catalogue):
    problems = []
    for e in catalogue:
        if e.obsolete:
            continue
        pairs = [(e.msgid, e.msgstr.get(0, ""))]
        if e.msgid_plural is not None:
            pairs.append((e.msgid_plural, e.msgstr.get(1, "")))
        for danish, english in pairs:
            if "python-format" in e.flags and _placeholders(danish) != _placeholders(english):
                problems.append(f"{e.where}: placeholders {_placeholders(danish)} → {_placeholders(english)}")
            if sorted(TAG.findall(danish)) != sorted(TAG.findall(english)):
                problems.append(f"{e.where}: HTML tags differ")
            if danish.count("\n") != english.count("\n"):
                problems.append(f"{e.where}: line breaks differ")
    assert not problems, "\n".join(problems)


GETTEXT_FUNCTIONS = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
                     "npgettext", "npgettext_lazy"}
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "test-artifacts", "tests", "migrations", "bench"}


def _gettext_strings(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, Danish string) of every gettext call in a module, whatever name the function was
    imported under (``_``, ``_lazy`` …), including calls inside f-strings."""
    names = {alias.asname or alias.name: alias.name for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
             for alias in node.names if alias.name in GETTEXT_FUNCTIONS}
    # An alias by assignment (``_l = gettext_lazy``) hides the calls from xgettext as well.
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in names:
            names.update({target.id: names[node.value.id] for target in node.targets if isinstance(target, ast.Name)})
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names and node.args:
            message = node.args[1] if names[node.func.id].startswith(("pgettext", "npgettext")) else node.args[0]
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                found.append((node.lineno, message.value))
    return sorted(found)


def test_every_string_the_code_translates_is_in_the_catalogue(catalogue):
    """makemessages only finds the names xgettext knows, and not calls inside f-strings: a string
    it misses is shown in Danish on every English page, and nothing else would notice."""
    in_catalogue = {e.msgid for e in catalogue if not e.obsolete}
    root = Path(settings.BASE_DIR)
    missing = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED_DIRS & set(relative.parts) or relative.name.startswith("conftest"):
            continue
        for line, message in _gettext_strings(ast.parse(path.read_text(encoding="utf-8"))):
            if message not in in_catalogue:
                missing.append(f"{relative}:{line} {message[:70]!r}")
    assert not missing, "Strings makemessages did not find (rename the import, or move the call out of the " \
                        "f-string, and run makemessages):\n" + "\n".join(missing)


def test_the_source_reader_finds_aliases_and_calls_inside_f_strings():
    source = ('from django.utils.translation import gettext as _, gettext_lazy as _lazy, pgettext\n'
              'a = _lazy("Besked")\nb = f"{name} ({_(\'formand\')})"\nc = pgettext("rolle", "Suppleant")\n'
              'd = print("Ikke oversat")\n_l = _lazy\ne = _l("Afbud")\n')

    assert _gettext_strings(ast.parse(source)) == [(2, "Besked"), (3, "formand"), (4, "Suppleant"), (7, "Afbud")]


# --- What an English visitor reads -----------------------------------------------------------

# Danish words that are never English words: one of them in an English page's labels means a
# string is not translated (or was translated before the visitor's language was known).
DANISH_WORDS = {
    "af", "afbud", "alle", "dagsorden", "dagsordenen", "den", "der", "det", "eller", "er", "et", "fra", "har",
    "hvad", "ikke", "ingen", "kan", "medlem", "medlemmer", "medlemmerne", "møde", "møder", "mødet", "og", "også",
    "om", "på", "referat", "referatet", "rådet", "skal", "som", "suppleant", "suppleanter", "til", "udpeget",
    "ved", "vis", "år", "formanden", "næstformanden", "forretningsorden", "valgperiode", "kommissorium",
}


# Names that are the same in English.
PROPER_NAMES = ("Rådet for Socialt Udsatte",)


class _VisibleText(HTMLParser):
    """The text a visitor reads: element text and the labels screen readers read out."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in ("aria-label", "title", "alt", "placeholder")
                       and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _council_data(council: Council, *users) -> list[str]:
    """The council's own words, which stay as the municipality wrote them in every language."""
    data = [council.name, council.municipality.name, f"{council.municipality.name} Kommune"]
    data += [user.name for user in users]
    for model in (Person, SeatCategory, Organisation, TaxonomyTerm):
        data += list(model.objects.filter(council=council).values_list("name", flat=True))
    for model in (RulesOfProcedure, TermsOfReference):
        for obj in model.objects.filter(council=council):
            data += [getattr(obj, f.attname) for f in obj._meta.fields if f.get_internal_type() == "TextField"]
    data += [line for text in data for line in text.splitlines()]
    return sorted({d.strip() for d in data if d.strip()}, key=len, reverse=True)


def _danish_words(html: str, data: list[str]) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    for value in (*data, *PROPER_NAMES):
        text = text.replace(" ".join(value.split()), " ")
    words = re.findall(r"[A-Za-zÆØÅæøå]+", text)
    return sorted({w for w in words if w.lower() in DANISH_WORDS or re.search("[æøåÆØÅ]", w)})


@pytest.fixture
def english_council(make_council, make_user, add_member):
    secretary = make_user("sekretariat@nordby.example", name="Sanne Sekretær")
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    chair = add_member(council, "Anne Holm", lived=True)
    add_member(council, "Bo Dahl", publish=False)
    add_member(council, "Carl Berg", role="substitute", substitute_for=chair, publish=False)
    services.position_assign(council=council, person=chair.person, kind="chair", start=dt.date(2026, 2, 1))
    return council, secretary


def test_an_english_visitor_reads_english_on_the_main_pages(client, english_council):
    council, secretary = english_council
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = _council_data(council, secretary)
    public = {"/": "Accessibility statement", f"/{council.slug}/": "Members",
              f"/{council.slug}/medlemmer/": "The council also has"}
    internal = {f"/{council.slug}/intern/": "Workspace", f"/{council.slug}/intern/medlemmer/": "Record departure",
                f"/{council.slug}/intern/sammensaetning/": "National recommendation",
                f"/{council.slug}/intern/regler/": "Rules of procedure",
                f"/{council.slug}/intern/moeder/": "Meetings and annual cycle"}

    found = {}
    for pages, user in ((public, None), (internal, secretary)):
        if user is not None:
            client.force_login(user)
        for url, english in pages.items():
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, url
            assert '<html lang="en">' in html and english in html, url
            if words := _danish_words(html, data):
                found[url] = words
    assert not found, f"Danish words on English pages: {found}"


def test_names_replaced_in_danish_text_read_danish_on_an_english_page(english_council):
    """The council's texts (decisions, standard items, report backs) are stored in Danish; a
    person who may not be named is replaced by a Danish role label there, so an English page
    does not read "tovholdere: Anne Holm and a member"."""
    council, _secretary = english_council
    disclosure = Disclosure.for_council(council, on=dt.date(2026, 3, 1))
    stored = "Opgave – tovholdere: Anne Holm og Bo Dahl. Carl Berg tager referat."

    with translation.override("en"):
        shown = disclosure.text(stored)
        people = disclosure.people([Person.objects.get(name="Bo Dahl")])

    assert shown == "Opgave – tovholdere: Anne Holm og et medlem. En suppleant tager referat."
    assert people == "a member"  # a label the page writes itself stays in the page's language
