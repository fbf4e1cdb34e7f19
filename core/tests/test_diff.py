"""core.diff.text_diff: what changed between two texts, line by line and word by word."""

from hypothesis import given
from hypothesis import strategies as st

from core.diff import text_diff

WORDS = st.sampled_from(["Budget", "2026:", "25.000", "kr.", "Afholdt", "0", "450", "disponeret", "tilbage", "•",
                         "Forplejning", "Opgjort", "den", "5.", "december"])
LINES = st.lists(WORDS, min_size=0, max_size=8).map(" ".join)
TEXTS = st.lists(LINES, max_size=6).map("\n".join)


def _sides(diff):
    old, new = [], []
    for line in diff:
        if line.kind in ("equal", "delete", "change"):
            old.append("".join(p.text for p in line.parts if p.kind in ("equal", "delete")))
        if line.kind in ("equal", "insert", "change"):
            new.append("".join(p.text for p in line.parts if p.kind in ("equal", "insert")))
    return old, new


@given(TEXTS, TEXTS)
def test_both_texts_can_be_read_back_from_the_diff(old, new):
    got_old, got_new = _sides(text_diff(old, new))
    assert [line for line in got_old if line.strip()] == [line for line in old.splitlines() if line.strip()]
    assert [line for line in got_new if line.strip()] == [line for line in new.splitlines() if line.strip()]


def test_a_small_change_is_shown_word_by_word():
    diff = text_diff("Budget 2026: 25.000 kr. Afholdt 0 kr.", "Budget 2026: 25.000 kr. Afholdt 450 kr.")
    assert [line.kind for line in diff] == ["change"]
    assert [(p.kind, p.text) for p in diff[0].parts if p.kind != "equal"] == [("delete", "0"), ("insert", "450")]


def test_a_rewritten_line_is_shown_removed_and_added_whole():
    diff = text_diff("Der er ikke fastsat et budget for 2026.", "Budget 2026: 40.000 kr. Afholdt 820 kr.")
    assert [(line.kind, line.parts[0].text) for line in diff] == [
        ("delete", "Der er ikke fastsat et budget for 2026."), ("insert", "Budget 2026: 40.000 kr. Afholdt 820 kr.")]


def test_a_line_that_keeps_only_a_few_words_is_rewritten():
    old = "Der er ikke fastsat et budget for 2026. Afholdt 0 kr., disponeret 0 kr., tilbage 0 kr."
    new = "Budget 2026: 25.000 kr. Afholdt 640 kr., disponeret 0 kr., tilbage 24.360 kr."
    assert [line.kind for line in text_diff(old, new)] == ["delete", "insert"]
