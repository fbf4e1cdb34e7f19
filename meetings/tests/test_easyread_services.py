"""The easy-read minutes (docs/workflows/easy-read.md): the starting point tells decisions only
(no case text, no secret decision, no name without consent), the tiny format parses safely,
saving is version-checked and warns above LIX 34, publishing waits for the full minutes and keeps
the LIX, and every write is audited."""

import pytest

from core.errors import ApplicationError, EditConflict
from core.models import AuditEvent
from meetings.easyread import parse, plain_text, short_sentences
from meetings.models import EasyReadMinutes
from meetings.selectors.easyread import LIX_TARGET, has_public_easy_read, public_easy_read, starting_text
from meetings.services import easyread as services
from meetings.tests.easyread_builders import held_meeting, make_board, publish_minutes

pytestmark = pytest.mark.django_db

EASY = """[møde] Rådet holdt møde.

# Bænke i byen
[beslutning] - Rådet vil have flere bænke.
- Rådet skriver til kommunen.

Vil du vide mere? Ring til os."""


@pytest.fixture
def board(make_council, add_member, make_user):
    return make_board(make_council, add_member, make_user)


@pytest.fixture
def meeting(board):
    council, people, secretary = board
    return held_meeting(council, people, secretary)


def test_the_format_has_headings_lists_paragraphs_and_known_pictograms_only():
    blocks = parse(EASY + "\n\n[ukendt] <script>alert(1)</script>\n\n# Overskrift\nEt afsnit under den.")
    assert [(b.kind, b.pictogram) for b in blocks] == [
        ("paragraph", "meeting.svg"), ("heading", ""), ("list", "decision.svg"), ("paragraph", ""),
        ("paragraph", ""), ("heading", ""), ("paragraph", "")]
    assert blocks[2].items == ["Rådet vil have flere bænke.", "Rådet skriver til kommunen."]
    # An unknown pictogram and any HTML stay plain text: the templates escape them.
    assert blocks[4].text == "[ukendt] <script>alert(1)</script>"
    assert parse("") == [] and parse("\n\n  \n") == []


def test_plain_text_ends_every_heading_and_list_item_as_a_sentence():
    assert plain_text(EASY).splitlines() == [
        "Rådet holdt møde.", "Bænke i byen.", "Rådet vil have flere bænke.", "Rådet skriver til kommunen.",
        "Vil du vide mere? Ring til os."]
    assert short_sentences("Én. To! Tre? fire. 5 stk.") == ["Én.", "To!", "Tre? fire.", "5 stk."]


def test_the_starting_point_has_decisions_only_through_the_disclosure_policy(meeting):
    text = starting_text(meeting=meeting)
    assert text.startswith("[møde] Rådet holdt møde den 7. april 2026.")
    assert "# Bænke i byen" in text and "- Rådet vil have flere bænke i byen." in text
    assert "- Et medlem skriver til kommunen." in text  # Erik did not consent to his name
    assert "Erik" not in text
    assert "Prisens vinder" in text and "Rådet har valgt en vinder af prisen." in text
    assert "Årets pris" not in text and "Jens Jensen" not in text  # closed, decision secret
    assert "sagsfremstilling" not in text.lower()
    assert "43 21 12 34" in text  # the secretariat's phone in the outro
    assert services.text_lix(text) > 0


def test_start_save_and_publish_with_lix_warning_and_audit(meeting, board):
    _council, _people, secretary = board
    easy = services.easy_read_minutes_start(meeting=meeting, actor=secretary)
    assert easy.is_draft and easy.version == 0
    assert services.easy_read_minutes_start(meeting=meeting, actor=secretary).pk == easy.pk  # once

    hard = ("Kommunalbestyrelsens socialudvalgsformandskab behandlede rådsmedlemmernes "
            "ansøgningsbehandlingsprocedurer vedrørende handicapkompensationsydelser grundigt igennem.")
    result = services.easy_read_minutes_save(easy=easy, body=hard, expected_version=0, actor=secretary)
    assert result.lix > LIX_TARGET and f"LIX {result.lix}" in result.warning  # a warning, not a refusal
    assert EasyReadMinutes.objects.get(pk=easy.pk).body == hard

    with pytest.raises(EditConflict) as conflict:
        services.easy_read_minutes_save(easy=easy, body="En anden tekst.", expected_version=0, actor=secretary)
    assert conflict.value.stored["body"] == hard and conflict.value.submitted["body"] == "En anden tekst."

    result = services.easy_read_minutes_save(easy=easy, body=EASY, expected_version=1, actor=secretary)
    assert result.lix <= LIX_TARGET and result.warning == ""

    with pytest.raises(ApplicationError) as refused:
        services.easy_read_minutes_publish(easy=easy, actor=secretary)
    assert refused.value.code == "minutes_not_published"
    assert not has_public_easy_read(meeting=meeting)

    publish_minutes(meeting)
    published = services.easy_read_minutes_publish(easy=easy, actor=secretary)
    easy.refresh_from_db()
    assert easy.is_published and easy.published_by == secretary and easy.lix == published.lix
    assert public_easy_read(meeting=meeting).pk == easy.pk and has_public_easy_read(meeting=meeting)
    assert list(AuditEvent.objects.filter(object_type="meetings.easyreadminutes").order_by("pk")
                .values_list("action", flat=True)) == [
        "meetings.easy_read.started", "meetings.easy_read.saved", "meetings.easy_read.saved",
        "meetings.easy_read.published"]


def test_refused_before_the_meeting_is_held_and_without_text(board, meeting):
    from meetings.services import plan as plan_services
    from meetings.tests.easyread_builders import DAY, at

    council, _people, secretary = board
    coming = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(DAY.replace(month=9)),
                                          ends_at=at(DAY.replace(month=9), 18), title="", location="",
                                          actor=secretary)
    with pytest.raises(ApplicationError) as refused:
        services.easy_read_minutes_start(meeting=coming, actor=secretary)
    assert refused.value.code == "not_held"
    easy = services.easy_read_minutes_start(meeting=meeting, actor=secretary)
    with pytest.raises(ApplicationError) as empty:
        services.easy_read_minutes_save(easy=easy, body="   ", expected_version=0, actor=secretary)
    assert empty.value.field == "body"
    with pytest.raises(ApplicationError) as cpr:
        services.easy_read_minutes_save(easy=easy, body="Hans har cpr 010203-1234.", expected_version=0,
                                        actor=secretary)
    assert cpr.value.field == "body"
