"""``parse_reply``: the small grammar of answers by SMS (a pure function), with hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.inbound import Intent, ParsedReply, parse_reply

AFBUD = ["AFBUD", "afbud", "Afbud", "kan ikke", "kan ikke komme", "jeg kan ikke", "Jeg kan ikke komme",
         "kommer ikke", "jeg kommer ikke", "jeg melder afbud", "melder afbud"]
COMING = ["JA", "ja", "Ja tak", "KOMMER", "jeg kommer", "Ja jeg kommer", "kommer gerne"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]


@pytest.mark.parametrize("text", AFBUD)
def test_afbud_forms(text):
    assert parse_reply(text) == ParsedReply(Intent.AFBUD)


@pytest.mark.parametrize("text", COMING)
def test_coming_forms(text):
    assert parse_reply(text) == ParsedReply(Intent.COMING)


@pytest.mark.parametrize(("text", "expected"), [
    ("Afbud 12/3", (12, 3)), ("afbud 12.3", (12, 3)), ("AFBUD 1-4", (1, 4)), ("afbud 12/03/2026", (12, 3)),
    ("Afbud 12. marts", (12, 3)), ("afbud den 5. maj 2026", (5, 5)), ("Afbud til mødet 12/3", (12, 3)),
    ("kan ikke komme d 7/11", (7, 11)), ("ja 12/3", (12, 3)), ("Afbud 31/2", (31, 2)),
])
def test_a_date_is_read_but_not_judged(text, expected):
    parsed = parse_reply(text)
    assert (parsed.day, parsed.month) == expected and parsed.intent != Intent.OTHER


@pytest.mark.parametrize("text", [
    "", "   ", "STOP", "Afbud?", "Kan jeg melde afbud?", "Afbud, jeg er syg", "ikke afbud", "ja nej",
    "nej", "Jeg kommer måske", "afbud 12", "afbud i morgen", "ja men kommer for sent", "jafbud", "stoppe",
    "JA!!! og mange hilsner fra Lis", "https://example.org/afbud",
])
def test_anything_else_is_not_acted_on(text):
    assert parse_reply(text).intent in ((Intent.STOP,) if text == "STOP" else (Intent.OTHER,))


def _vary(text: str, draw) -> str:
    """The same words as a phone keyboard may send them: any case, extra spaces, full stops."""
    cased = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    spaced = draw(st.sampled_from(["", " ", "  ", "\n"])) + cased.replace(" ", draw(st.sampled_from([" ", "  ", "\t"])))
    return spaced + draw(st.sampled_from(["", ".", "!", " ", "!!", ". "]))


@given(st.data())
def test_case_spaces_and_punctuation_do_not_change_the_meaning(data):
    intent, words = data.draw(st.sampled_from([(Intent.AFBUD, w) for w in AFBUD] + [(Intent.COMING, w) for w in COMING]
                                              + [(Intent.STOP, "stop")]))
    assert parse_reply(_vary(words, data.draw)).intent == intent


@given(st.sampled_from(AFBUD + COMING), st.integers(1, 31), st.integers(1, 12), st.booleans())
def test_every_date_is_read(words, day, month, by_name):
    date = f"{day}. {MONTHS[month - 1]}" if by_name else f"{day}/{month}"
    parsed = parse_reply(f"{words} {date}")
    assert (parsed.day, parsed.month) == (day, month)


@given(st.text(max_size=300))
def test_any_text_is_understood_without_error(text):
    parsed = parse_reply(text)
    assert parsed.intent in Intent
    if "?" in text:
        assert parsed.intent == Intent.OTHER  # a question is for a person to answer
    if parsed.intent == Intent.AFBUD:
        assert any(word in " ".join(text.casefold().split()) for word in ("afbud", "kan ikke", "kommer ikke"))


@given(st.sampled_from(AFBUD), st.text(alphabet=st.characters(categories=["L"]), min_size=3, max_size=20))
def test_a_word_before_an_afbud_makes_it_a_text_for_a_person(words, prefix):
    assert parse_reply(f"{prefix} {words}").intent != Intent.AFBUD or prefix.casefold() in ("jeg", "melder")
