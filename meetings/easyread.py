"""The tiny text format of the easy-read versions (*letlæste udgaver*) of minutes and annual
reports, and the pictograms it may name.

A text is blocks separated by an empty line. A block is

- a heading: one line starting with ``# ``;
- a list: lines starting with ``- ``;
- otherwise a paragraph (its lines joined with spaces).

A block may start with a pictogram in square brackets, e.g. ``[beslutning] Rådet sagde ja.``;
an unknown name stays as text. Nothing else is markup: the blocks are plain text, rendered by
templates with autoescaping, so no HTML written in the text ever reaches a page.

The format lives in ``meetings`` (below ``reports`` and ``public``), so both easy-read versions
share it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Pictogram name in the text -> (file under public/static/public/pictograms/, its meaning). The
# pictograms sit beside a text that says the same, so the page shows them as decorative
# (aria-hidden); the meaning is for the editor's list of names.
PICTOGRAMS: dict[str, tuple[str, str]] = {
    "møde": ("meeting.svg", _("Møde, samtale")),
    "beslutning": ("decision.svg", _("Beslutning")),
    "penge": ("money.svg", _("Penge, økonomi")),
    "hus": ("house.svg", _("Bolig, sted")),
    "kalender": ("calendar.svg", _("Dato, næste møde")),
    "mennesker": ("people.svg", _("Mennesker, medlemmer")),
    "spørgsmål": ("question.svg", _("Spørgsmål, kontakt")),
}

_PICTOGRAM = re.compile(r"^\[([^\]\s]{1,20})\]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])")


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "list"
    text: str = ""
    items: list[str] = field(default_factory=list)
    pictogram: str = ""  # the file name under pictograms/, or ""

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


def _take_pictogram(text: str) -> tuple[str, str]:
    match = _PICTOGRAM.match(text)
    if match and match.group(1).lower() in PICTOGRAMS:
        return PICTOGRAMS[match.group(1).lower()][0], text[match.end():]
    return "", text


def _chunk_blocks(lines: list[str]) -> list[Block]:
    pictogram, first = _take_pictogram(lines[0])
    lines = [line for line in [first, *lines[1:]] if line]
    if not lines:
        return []
    if lines[0].startswith("# "):
        # A heading line on top of more lines is its own block; the rest is read as a new block.
        heading = Block("heading", text=lines[0][2:].strip(), pictogram=pictogram)
        return [heading, *_chunk_blocks(lines[1:])] if len(lines) > 1 else [heading]
    if all(line.startswith("- ") for line in lines):
        return [Block("list", items=[line[2:].strip() for line in lines], pictogram=pictogram)]
    return [Block("paragraph", text=" ".join(lines), pictogram=pictogram)]


def parse(text: str) -> list[Block]:
    """The blocks of ``text`` (see the module's docstring). Never fails: anything unexpected is
    a paragraph."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            blocks.extend(_chunk_blocks(lines))
    return blocks


def plain_text(text: str) -> str:
    """The words of ``text`` without markers, one sentence per list item and heading, for the
    readability meter: a heading or list item without a full stop still ends a sentence."""
    out = []
    for block in parse(text):
        parts = block.items if block.is_list else [block.text]
        for part in parts:
            out.append(part if part.endswith((".", "!", "?", ":")) else part + ".")
    return "\n".join(out)


def short_sentences(text: str) -> list[str]:
    """``text`` cut into its sentences (at ". " before a capital), one a line."""
    flat = " ".join((text or "").split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]
