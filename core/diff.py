"""A readable diff of two texts for people: line by line, a changed line word by word. Used
where a page shows what changed (a consultation's draft versions, standard agenda texts
computed again). Templates render it with ``components/text_diff.html``, which marks removed
text with <del> and added text with <ins>, each with a hidden label for screen readers."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass


@dataclass
class DiffPart:
    kind: str  # "equal" | "insert" | "delete"
    text: str


@dataclass
class DiffLine:
    kind: str  # "equal" | "insert" | "delete" | "change"
    parts: list[DiffPart]


_TOKEN = re.compile(r"\s+|[^\s]+")


def _word_diff(old: str, new: str) -> list[DiffPart]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                parts.append(DiffPart("delete", "".join(a[i1:i2])))
            if j2 > j1:
                parts.append(DiffPart("insert", "".join(b[j1:j2])))
    return parts


def _alike(old: str, new: str) -> bool:
    """Whether two lines share enough words for a word-by-word diff to read well: half of
    their words, and few separate changes unless nearly all is kept. A line rewritten from
    scratch reads better as the old line and the new one."""
    matcher = difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False)
    ratio = matcher.ratio()
    changes = sum(op != "equal" for op, *_ in matcher.get_opcodes())
    return ratio >= 0.5 and (changes <= 2 or ratio >= 0.8)


def text_diff(old: str, new: str) -> list[DiffLine]:
    """A line-by-line diff of two texts; a changed line is diffed word by word (a line rewritten
    from scratch is shown removed and added whole). The template
    marks removed text with <del> and added text with <ins>, each with a hidden label, so the
    change is not told by colour alone."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            lines.extend(DiffLine("equal", [DiffPart("equal", line)]) for line in a[i1:i2])
        elif op == "delete":
            lines.extend(DiffLine("delete", [DiffPart("delete", line)]) for line in a[i1:i2])
        elif op == "insert":
            lines.extend(DiffLine("insert", [DiffPart("insert", line)]) for line in b[j1:j2])
        else:  # replace: pair the lines up, diff each pair by words, and keep the rest whole
            old_lines, new_lines = a[i1:i2], b[j1:j2]
            for k in range(max(len(old_lines), len(new_lines))):
                if k < len(old_lines) and k < len(new_lines) and _alike(old_lines[k], new_lines[k]):
                    lines.append(DiffLine("change", _word_diff(old_lines[k], new_lines[k])))
                elif k < len(old_lines) and k < len(new_lines):  # rewritten: the old line, then the new
                    lines.append(DiffLine("delete", [DiffPart("delete", old_lines[k])]))
                    lines.append(DiffLine("insert", [DiffPart("insert", new_lines[k])]))
                elif k < len(old_lines):
                    lines.append(DiffLine("delete", [DiffPart("delete", old_lines[k])]))
                else:
                    lines.append(DiffLine("insert", [DiffPart("insert", new_lines[k])]))
    # Blank lines only separate paragraphs: leave them out of the listing.
    return [line for line in lines if any(part.text.strip() for part in line.parts)]
