"""The readability meter: LIX for Danish text, with the long sentences and words to look at and
plain words to use instead of municipal ones.

LIX (Björnsson) = words ÷ sentences + 100 × long words ÷ words, rounded to a whole number.
The counting rules are written out for people in docs/easy-read.md; in short:

* A **word** is a run of letters (æ, ø, å, é … included; the text is NFC-normalised first),
  possibly joined by hyphens or apostrophes: "social- og sundhedsudvalget" is three words,
  "ældre-rådet" one. A word is **long** when it has more than six letters (hyphens and digits
  are not letters).
* A **number** ("25.000", "2018", "12,5", "16:30", "1/3") is a word but never long: it is
  read as one unit, and its length in digits says nothing about how hard the sentence is.
* A known **abbreviation** ("f.eks.", "kr.", "bl.a." …) is one short word and its full stops do
  not end the sentence. Only the few that close a list or an amount ("osv.", "mv.", "kr." …)
  end it, and only when the next word starts with a capital letter ("… 500 kr. Vi …").
* A **URL or e-mail address** is one word and never long.
* A **sentence** ends at . ! ? and : (as in Björnsson's definition, so the figure matches other
  Danish LIX tools; in council texts a colon mostly opens a list whose items are read on
  their own), at the end of a line, and at the end of the text. A full stop right after a
  number and before a lower-case word is an ordinal ("den 1. januar") and does not end it. A list marker at
  the start of a line ("-", "•", "1.") is not a word. A sentence without words is no sentence.
* A sentence is **long** when it has more than ``LONG_SENTENCE_WORDS`` (20) words.
* Empty text (no words) has LIX 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

LONG_WORD_LETTERS = 6  # a long word has MORE than this many letters
LONG_SENTENCE_WORDS = 20  # a long sentence has MORE than this many words

# (upper bound inclusive, code, label); the last band has no upper bound.
BANDS: tuple[tuple[int | None, str, str | Promise], ...] = (
    (24, "very_easy", gettext_lazy("Meget let")),
    (34, "easy", gettext_lazy("Let")),
    (44, "medium", gettext_lazy("Middel")),
    (54, "hard", gettext_lazy("Svær")),
    (None, "very_hard", gettext_lazy("Meget svær")),
)

# Abbreviations that never end a sentence: they lead into what follows ("jf. § 5", "ca. 25").
_LEADING_ABBREVIATIONS = (
    "f.eks.", "fx.", "bl.a.", "jf.", "jvf.", "ca.", "nr.", "pkt.", "dvs.", "kl.", "evt.", "inkl.", "ekskl.",
    "iht.", "i.h.t.", "vedr.", "ang.", "pga.", "p.g.a.", "mht.", "m.h.t.", "hhv.", "ift.", "i.f.t.", "bl.", "st.",
    "stk.", "lign.", "tlf.", "att.", "pr.", "cirka.", "afd.", "sek.", "min.", "gl.", "ml.", "vha.", "v.h.a.",
    "o.a.", "s.", "jan.", "feb.", "aug.", "sept.", "okt.", "nov.", "dec.",
)
# Abbreviations that close a list or an amount: they end the sentence when a capital follows.
_CLOSING_ABBREVIATIONS = (
    "osv.", "mv.", "m.v.", "m.m.", "mm.", "mfl.", "m.fl.", "etc.", "o.l.", "ol.", "el.lign.", "e.l.", "kr.", "mio.",
    "mia.", "årh.", "ff.",
)
_ABBREVIATIONS = {a.lower() for a in (*_LEADING_ABBREVIATIONS, *_CLOSING_ABBREVIATIONS)}
_CLOSING = {a.lower() for a in _CLOSING_ABBREVIATIONS}

_L = r"[^\W\d_]"  # one letter in any script
_ABBREVIATION_ALTERNATIVES = "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))
# Every repetition that could run over a long stretch of text is bounded (an address part, the
# parts of an abbreviation), so a pathological text cannot make the scan quadratic.
_TOKEN_RE = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)\]}}'»])
  | (?P<email>(?<![\w.+\-])[\w.+\-]{{1,64}}@[\w\-]{{1,63}}(?:\.[\w\-]{{1,63}}){{1,8}})
  | (?P<abbr>(?<!\w)(?:{_ABBREVIATION_ALTERNATIVES})(?!\w)|(?<!\w)(?:[a-zæøå]{{1,3}}\.){{2,6}}(?!\w))
  | (?P<number>(?<!\w)[\d]+(?:[.,:/\-–][\d]+)*%?(?![\-‐]?{_L}))
  | (?P<word>[^\W_]+(?:[\-‐'’][^\W_]+)*)
  | (?P<end>[.!?:…]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SPACE_RE = re.compile(r"[ \t\u00a0]+")
# "- ", "* ", "• ", "1. " or "a) " at the start of a line: a list marker, not a word. A number
# with a full stop counts as a marker only before a capital ("1. Godkendelse …"), since
# "1. januar …" starts with a date.
# A pictogram marker at the start of a line of an easy-read text (meetings.easyread: "[beslutning]").
_PICTOGRAM_MARKER_RE = re.compile(r"^[ \t]*\[[^\]\s]{1,20}\][ \t]*")
_LIST_MARKER_RE = re.compile(r"^[ \t]*(?:[-*•–·▪◦]|\d{1,3}[.)](?=[ \t]+[A-ZÆØÅ])|\d{1,3}\)|[a-zæøå]\))[ \t]+")


@dataclass(frozen=True)
class Readability:
    lix: int
    band: str  # very_easy | easy | medium | hard | very_hard
    band_label: str
    words: int
    sentences: int
    long_word_count: int  # every long word, repeated ones included (the LIX counts them all)
    longest_sentence: int  # words in the longest sentence
    long_words: list[str] = field(default_factory=list)  # each long word once, as first written
    long_sentences: list[str] = field(default_factory=list)  # the sentences, as written
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (word as written, plain word)


class PlainWords:
    """Municipal words and phrases with a plain word for each. Lookup is by lower-case base form;
    inflected forms ("indstillingen", "bevillinger", "høringssvarene") find their base form by
    Danish endings. Keys of more than one word are phrases found as they stand."""

    # Danish inflection endings, longest first: definite/plural/genitive nouns and the
    # common verb and adjective endings.
    _ENDINGS = ("ernes", "enes", "ende", "erne", "ene", "ers", "ens", "ets", "ede", "er", "en", "et", "es", "ne",
                "te", "de", "e", "n", "t", "r", "s")

    def __init__(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self._words: dict[str, str] = {}
        for word, plain in items:
            key = _normalise(word).lower().strip()
            if key and plain.strip():
                self._words[key] = plain.strip()
        self._phrases = {k: v for k, v in self._words.items() if " " in k}
        self._phrase_re = (re.compile(
            r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(self._phrases, key=len, reverse=True)) + r")(?!\w)",
            re.IGNORECASE) if self._phrases else None)

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self._words

    def items(self) -> list[tuple[str, str]]:
        return sorted(self._words.items())

    def overridden_by(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> PlainWords:
        """This list with ``pairs`` added; a word in ``pairs`` replaces the same word here."""
        extra = pairs.items() if isinstance(pairs, Mapping) else pairs
        return PlainWords([*self._words.items(), *extra])

    def lookup(self, word: str) -> tuple[str, str] | None:
        """(base form, plain word) for one written word, or ``None``."""
        lower = word.lower()
        if lower in self._words:
            return lower, self._words[lower]
        for ending in self._ENDINGS:
            if len(lower) - len(ending) < 3 or not lower.endswith(ending):
                continue
            stem = lower[: -len(ending)]
            # "indstillingen" → "indstilling"; "kompetencen" → "kompetence"; "budgettet" → "budget"
            candidates = [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])
            for candidate in candidates:
                if candidate in self._words:
                    return candidate, self._words[candidate]
        return None

    def suggestions(self, text: str, written_words: Iterable[tuple[int, str]]) -> list[tuple[str, str]]:
        """(word or phrase as written, plain word), each base form once, in reading order.
        ``written_words`` are (position in ``text``, word as written)."""
        found: dict[str, tuple[int, str, str]] = {}
        if self._phrase_re is not None:
            for match in self._phrase_re.finditer(text):
                key = match.group(1).lower()
                found.setdefault(key, (match.start(), match.group(1), self._phrases[key]))
        for position, written in written_words:
            hit = self.lookup(written)
            if hit is not None:
                found.setdefault(hit[0], (position, written, hit[1]))
        return [(written, plain) for _pos, written, plain in sorted(found.values(), key=lambda f: f[0])]


DATA_FILE = Path(__file__).resolve().parent / "data" / "plain_words_da.txt"


def parse_plain_words(text: str) -> list[tuple[str, str]]:
    """The pairs of the word list format: one ``word = plain word`` a line, ``#`` starts a comment."""
    pairs = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, separator, plain = line.partition("=")
        if separator:
            pairs.append((word.strip(), plain.strip()))
    return pairs


@lru_cache(maxsize=1)
def shared_plain_words() -> PlainWords:
    """The list shipped with Stemme (core/data/plain_words_da.txt)."""
    try:
        content = DATA_FILE.read_text(encoding="utf-8")
    except FileNotFoundError:  # the list is data, the meter still counts without it
        return PlainWords()
    return PlainWords(parse_plain_words(content))


def band_for(lix_value: int) -> tuple[str, str]:
    """(code, Danish label) of the band a LIX value falls in."""
    for upper, code, label in BANDS:
        if upper is None or lix_value <= upper:
            return code, str(label)
    raise AssertionError("the last band has no upper bound")  # pragma: no cover


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha())


@dataclass
class _Sentence:
    start: int
    end: int = 0
    words: int = 0


@dataclass
class _Count:
    words: list[str] = field(default_factory=list)  # every word, as written
    starts: list[int] = field(default_factory=list)  # where each word starts in the text
    long_words: list[str] = field(default_factory=list)
    sentences: list[_Sentence] = field(default_factory=list)


def _next_letter_is(line: str, at: int, test: Callable[[str], bool]) -> bool:
    """Whether, after some spaces on the same line, the next character is a letter passing ``test``."""
    space = _SPACE_RE.match(line, at)
    if space is None or space.end() >= len(line):
        return False
    char = line[space.end()]
    return char.isalpha() and test(char)


def _count_line(line: str, offset: int, count: _Count) -> None:
    pictogram = _PICTOGRAM_MARKER_RE.match(line)  # "[beslutning] …" in an easy-read text: not a word
    position = pictogram.end() if pictogram else 0
    marker = _LIST_MARKER_RE.match(line[position:])
    position += marker.end() if marker else 0
    sentence = _Sentence(start=offset + position)

    def close(at: int) -> None:
        nonlocal sentence
        if sentence.words:
            sentence.end = offset + at
            count.sentences.append(sentence)
        sentence = _Sentence(start=offset + at)

    previous_kind, previous_end = "", -1
    for match in _TOKEN_RE.finditer(line, position):
        kind, token = match.lastgroup, match.group(0)
        if kind != "end":
            previous_kind, previous_end = kind or "", match.end()
        if kind == "end":
            if token == "." and previous_kind == "number" and match.start() == previous_end and _next_letter_is(  # nosec B105  # a full stop in the text, not a password
                    line, match.end(), str.islower):
                continue  # an ordinal: "den 1. januar"
            close(match.end())
            continue
        if not sentence.words:
            sentence.start = offset + match.start()
        sentence.words += 1
        count.words.append(token)
        count.starts.append(offset + match.start())
        if kind == "word" and _letters(token) > LONG_WORD_LETTERS:
            count.long_words.append(token)
        if kind == "abbr" and token.lower() in _CLOSING and (
                match.end() == len(line.rstrip()) or _next_letter_is(line, match.end(), str.isupper)):
            close(match.end())
    close(len(line.rstrip()))


def analyse(text: str, *, words: PlainWords | None = None) -> Readability:
    """The LIX of ``text`` with its band, counts, long words and sentences, and plain-word
    suggestions from ``words`` (the shared list when ``None``). Never raises on any string."""
    text = _normalise(text or "")
    count = _Count()
    offset = 0
    for line in text.splitlines(keepends=True):
        _count_line(line.rstrip("\r\n"), offset, count)
        offset += len(line)
    word_count, sentence_count = len(count.words), len(count.sentences)
    long_count = len(count.long_words)
    value = lix_from_counts(words=word_count, sentences=sentence_count, long_words=long_count)
    band, label = band_for(value)
    plain = words if words is not None else shared_plain_words()
    return Readability(
        lix=value, band=band, band_label=label, words=word_count, sentences=sentence_count,
        long_word_count=long_count, longest_sentence=max((s.words for s in count.sentences), default=0),
        long_words=list(dict.fromkeys(count.long_words)),
        long_sentences=[" ".join(text[s.start:s.end].split()) for s in count.sentences
                        if s.words > LONG_SENTENCE_WORDS],
        suggestions=plain.suggestions(text, zip(count.starts, count.words, strict=True)),
    )


def lix_from_counts(*, words: int, sentences: int, long_words: int) -> int:
    """Björnsson's formula, rounded half up; 0 for no words."""
    if words <= 0 or sentences <= 0:
        return 0
    return int(words / sentences + 100 * long_words / words + 0.5)


def lix(text: str) -> int:
    """The LIX of ``text`` alone (no suggestions looked up)."""
    return analyse(text, words=PlainWords()).lix
