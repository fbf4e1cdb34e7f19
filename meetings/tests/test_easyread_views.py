"""The easy-read minutes' editor: opened from the minutes by those who write them, writes nothing
until saved, warns above LIX 34 on save, answers 409 with both texts on a collision, and publishes
only once the full minutes are published; a member cannot open it."""

import pytest

from meetings.models import EasyReadMinutes
from meetings.tests.easyread_builders import held_meeting, make_board, publish_minutes

pytestmark = pytest.mark.django_db

HARD = ("Kommunalbestyrelsens socialudvalgsformandskab behandlede rådsmedlemmernes "
        "ansøgningsbehandlingsprocedurer vedrørende handicapkompensationsydelser grundigt igennem.")


def test_editor_save_conflict_and_publish(client, make_council, add_member, make_user):
    council, people, secretary = make_board(make_council, add_member, make_user)
    meeting = held_meeting(council, people, secretary)
    url = f"/nordby/intern/moeder/{meeting.pk}/referat/letlaest/"
    client.force_login(secretary)
    minutes = client.get(f"/nordby/intern/moeder/{meeting.pk}/referat/").content.decode()
    assert f'href="{url}"' in minutes
    page = client.get(url).content.decode()
    assert "data-readability" in page and "[møde] Rådet holdt møde den 7. april 2026." in page
    assert not EasyReadMinutes.objects.exists()

    assert client.post(url, {"body": "", "version": 0}).status_code == 400
    saved = client.post(url, {"body": HARD, "version": 0}, follow=True).content.decode()
    assert "Den letlæste tekst er gemt." in saved and "bør have LIX 34 eller derunder" in saved
    conflict = client.post(url, {"body": "Min tekst.", "version": 0})
    assert conflict.status_code == 409 and "socialudvalgsformandskab" in conflict.content.decode()
    assert EasyReadMinutes.objects.get().body == HARD

    refused = client.post(url + "offentliggoer/", follow=True).content.decode()
    assert "når hele referatet er offentliggjort" in refused
    publish_minutes(meeting)
    client.post(url + "offentliggoer/")
    assert EasyReadMinutes.objects.get().is_published

    member_user = make_user("medlem@nordby.dk")
    add_member(council, "Mona Medlem", user=member_user)
    client.force_login(member_user)
    assert client.get(url).status_code == 403
