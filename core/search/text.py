"""Words for the search index: the same tokens, the same Danish stems and the same highlighting
for the index, the query and the snippets, on both database backends.

Tokens are runs of letters and digits (``[^\\W_]+``), lower-cased. Stems come from the Snowball
Danish stemmer (``snowballstemmer``), the algorithm PostgreSQL's ``danish`` text search config
uses, so "høringssvarene" and "høringssvar" meet on both backends. A short list of Danish
function words is left out of the SQLite index and queries, as PostgreSQL's config does with its
own list (on SQLite a query "møde i rådet" would otherwise ask for "i" too)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]  # the package ships no type hints
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"[^\W_]+")
# A query longer than this is cut: no one types more, and it bounds the work per request.
MAX_QUERY_CHARS = 200
MIN_QUERY_CHARS = 2
STOP_WORDS = frozenset("""
af alle andet andre at blev blive bliver da de dem den denne der deres det dette dig din dine disse du efter
eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg
jer jo kan kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op os over på
selv sig sin sine sit skal skulle som så sådan thi til ud under var vi vil ville vor være været
""".split())

_stemmer = snowballstemmer.stemmer("danish")


def normalise(text: str) -> str:
    """NFC (so a decomposed "ø" is the same letter as a typed one), without control characters
    (PostgreSQL refuses NUL in a string)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(normalise(text))]


def stems(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stemmed words of ``text`` in order (function words left out unless asked)."""
    return [stem(t) for t in tokens(text) if keep_stop_words or t not in STOP_WORDS]


def index_text(text: str) -> str:
    """What the SQLite FTS5 table stores for a text: its stems separated by spaces."""
    return " ".join(stems(text))


def clean_query(query: str) -> str:
    return normalise(query or "").strip()[:MAX_QUERY_CHARS]


def query_terms(query: str) -> tuple[list[str], list[str]]:
    """(wanted, excluded) stems of a query, the way websearch_to_tsquery reads it in its simple
    cases: words are all required, a word written "-ord" is excluded, "OR" is left out. Quotes and
    FTS5 syntax characters are read as spaces: only bare stems reach the FTS5 query."""
    wanted: list[str] = []
    excluded: list[str] = []
    for match in re.finditer(r"(^|\s)(-?)([^\s]+)", clean_query(query)):
        negative = match.group(2) == "-"
        if match.group(3) == "OR":  # websearch_to_tsquery's "either"; here simply not a word to require
            continue
        for token in TOKEN.findall(match.group(3)):
            token = token.lower()
            if token in STOP_WORDS:
                continue
            target = excluded if negative else wanted
            if stem(token) not in target:
                target.append(stem(token))
    return wanted, excluded


def fts5_query(query: str) -> str:
    """The FTS5 MATCH expression for a query: every stem in double quotes (a quoted string is
    never FTS5 syntax, and a stem holds no quote), required stems joined by AND, excluded ones
    after NOT. Empty when nothing searchable is left."""
    wanted, excluded = query_terms(query)
    if not wanted:
        return ""
    expression = " AND ".join(f'"{s}"' for s in wanted)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(chr(34) + s + chr(34) for s in excluded)})"
    return expression


# --- Highlighting ------------------------------------------------------------------------------

SNIPPET_WORDS = 32
# Only this much of a long body is read for its snippet: the best passage is nearly always early,
# and it keeps a page of hits fast.
SNIPPET_SCAN_CHARS = 20_000


def _matches(words: list[re.Match[str]], wanted: set[str]) -> list[bool]:
    # A Danish stem is a prefix of its word (the stemmer only strips endings), so a cheap
    # startswith rules out most words before the stemmer runs.
    prefixes = tuple(wanted)
    flags = []
    for word in words:
        low = word.group(0).lower()
        flags.append(bool(prefixes) and low.startswith(prefixes) and stem(low) in wanted)
    return flags


def _marked(text: str, words: list[re.Match[str]], flags: list[bool], start: int, end: int,
            offset: int = 0) -> str:
    """Escape ``text[start:end]`` and wrap the matching words in <mark> (escape first, then mark:
    nothing from the text can become markup)."""
    out: list[str] = []
    position = start
    for word, hit in zip(words, flags, strict=True):
        if not hit or word.start() < start or word.end() > end:
            continue
        out.append(escape(text[position:word.start()]))
        out.append(f"<mark>{escape(word.group(0))}</mark>")
        position = word.end()
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, wanted: list[str] | set[str]) -> SafeString:
    """The whole (short) text escaped, with the words matching ``wanted`` stems marked."""
    text = normalise(text)
    words = list(TOKEN.finditer(text))
    return mark_safe(_marked(text, words, _matches(words, set(wanted)), 0, len(text)))  # nosec B308 B703  # noqa: S308  # escaped in _marked


def snippet(text: str, wanted: list[str] | set[str], *, size: int = SNIPPET_WORDS) -> SafeString:
    """The passage of ``size`` words with the most matches (the start when none match), escaped,
    matches in <mark>, "…" where text was cut."""
    text = normalise(text[:SNIPPET_SCAN_CHARS])
    words = list(TOKEN.finditer(text))
    if not words:
        return mark_safe("")  # nosec B308  # noqa: S308  # empty
    flags = _matches(words, set(wanted))
    best, best_count, count = 0, -1, 0
    for i, hit in enumerate(flags):  # sliding window over the words
        count += hit
        if i >= size:
            count -= flags[i - size]
        first = max(0, i - size + 1)
        if count > best_count:
            best, best_count = first, count
    last = min(len(words), best + size) - 1
    # Start the window a few words before the first match, so the match has some context.
    if best_count > 0:
        first_hit = next(i for i in range(best, last + 1) if flags[i])
        shift = max(0, min(first_hit - 4, len(words) - size)) - best
        if shift > 0:
            best, last = best + shift, min(len(words), best + shift + size) - 1
    start = 0 if best == 0 else words[best].start()
    end = len(text) if last == len(words) - 1 and len(text) <= SNIPPET_SCAN_CHARS else words[last].end()
    body = _marked(text, words, flags, start, end).strip()
    body = re.sub(r"\s+", " ", body)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # nosec B308 B703  # noqa: S308  # escaped in _marked
