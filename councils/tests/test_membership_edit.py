import pytest

from councils.models import Membership


@pytest.mark.django_db
def test_secretariat_links_an_existing_substitute_to_a_member(make_council, make_user, add_member, client):
    secretary = make_user("sek@k.dk")
    council = make_council("retraad", secretary=secretary)
    member = add_member(council, "Anna Andersen")
    substitute = add_member(council, "Bent Bach", role="substitute")
    client.force_login(secretary)
    url = f"/{council.slug}/intern/medlemskaber/{substitute.pk}/ret/"

    page = client.get(url).content.decode()
    assert "Anna Andersen" in page  # offered as the member to stand in for

    response = client.post(url, {"substitute_for": member.pk, "start": "2026-02-01", "appointment_reference": ""})
    assert response.status_code == 302
    assert Membership.objects.get(pk=substitute.pk).substitute_for_id == member.pk


@pytest.mark.django_db
def test_edit_refuses_a_second_personal_substitute_and_keeps_the_input(make_council, make_user, add_member, client):
    secretary = make_user("sek2@k.dk")
    council = make_council("retraad2", secretary=secretary)
    member = add_member(council, "Anna Andersen")
    add_member(council, "Bent Bach", role="substitute", substitute_for=member)
    other = add_member(council, "Carl Christensen", role="substitute")
    client.force_login(secretary)

    response = client.post(f"/{council.slug}/intern/medlemskaber/{other.pk}/ret/",
                           {"substitute_for": member.pk, "start": "2026-02-01", "appointment_reference": "KB 1/2"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "har allerede en personlig suppleant" in page
    assert 'value="KB 1/2"' in page
    assert Membership.objects.get(pk=other.pk).substitute_for_id is None
