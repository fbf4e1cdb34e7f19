import pytest
from django.core import mail

from accounts.models import User
from core.errors import ApplicationError
from councils import services


@pytest.mark.django_db(transaction=True)
def test_grant_access_creates_user_links_person_and_mails_a_working_link(make_council, make_user, add_member, client):
    secretary = make_user("sek@kommune.dk")
    council = make_council("adgang", secretary=secretary)
    membership = add_member(council, "Mona Madsen", email="mona@example.org")

    user = services.person_grant_access(person=membership.person, actor=secretary, domain="stemme.test",
                                        use_https=False)

    membership.person.refresh_from_db()
    assert membership.person.user == user
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mona@example.org"]
    assert council.name in message.subject
    link = next(line for line in message.body.splitlines() if line.startswith("http://stemme.test/"))
    # The link leads to the "choose password" form, and the new password logs the member in.
    response = client.get(link.removeprefix("http://stemme.test"), follow=True)
    assert "Vælg ny adgangskode" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0], {"new_password1": "lang-og-sikker-42", "new_password2":
                                                            "lang-og-sikker-42"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("lang-og-sikker-42")


@pytest.mark.django_db
def test_grant_access_refused_without_email(make_council, add_member):
    council = make_council("adgang2")
    membership = add_member(council, "Per Post", email="", preferred_channel="letter", address="Vej 1, 2620 By")
    membership.person.email = ""
    membership.person.save()
    with pytest.raises(ApplicationError) as error:
        services.person_grant_access(person=membership.person, actor=None, domain="x")
    assert "e-mailadresse" in str(error.value.message)
    assert membership.person.user is None


@pytest.mark.django_db
def test_grant_access_view_requires_secretariat(make_council, make_user, add_member, client):
    secretary, member_user = make_user("s@k.dk"), make_user("m@k.dk")
    council = make_council("adgang3", secretary=secretary)
    target = add_member(council, "Tove Test", email="tove@example.org")
    add_member(council, "Mads Medlem", user=member_user, email="mads@example.org")
    url = f"/{council.slug}/intern/personer/{target.person_id}/adgang/"

    client.force_login(member_user)
    assert client.post(url).status_code == 403
    target.person.refresh_from_db()
    assert target.person.user is None

    client.force_login(secretary)
    response = client.post(url, follow=True)
    assert "har fået en e-mail" in response.content.decode()
    target.person.refresh_from_db()
    assert target.person.user.email == "tove@example.org"
