"""The record of processing (GDPR art. 30): every field of every model is classified, the
published docs/privacy.md is what the declaration renders, and the platform admin sees it."""

import io

import pytest
from django.core.management import call_command

from core.permissions import POLICY
from councils.models import RETENTION_FIELDS
from privacy import record
from privacy.management.commands import privacy_record


def test_every_field_of_every_model_is_classified():
    assert record.unclassified() == [], "add these fields to privacy/record.py FIELDS (personal kind or '-')"
    assert record.stale() == [], "privacy/record.py describes fields that no longer exist"
    fig = record.figures()
    assert fig["models"] == len(record.FIELDS) >= 70
    assert 0 < fig["personal"] < fig["fields"]


def test_a_new_field_that_the_record_does_not_describe_is_found(monkeypatch):
    """What the first test guards against: a field the record leaves out is reported by name."""
    person = dict(record.FIELDS["councils.person"])
    del person["phone"]
    monkeypatch.setitem(record.FIELDS, "councils.person", person)
    assert record.unclassified() == ["councils.person.phone"]
    with pytest.raises(Exception, match="councils.person.phone"):
        privacy_record.render()


def test_special_categories_and_who_sees_them():
    def kind(label, name):
        return record.FIELDS[label][name]

    assert kind("councils.person", "lived_experience") == kind("councils.candidacy", "lived_experience") \
        == "lived_experience"
    for key in ("lived_experience", "per_diem", "citizen_message"):
        assert record.KINDS[key].special, key
        assert record.KINDS[key].basis.count("art. 9") or "Art. 9" in record.KINDS[key].basis
    assert kind("public.citizenmessage", "text") == "citizen_message"
    assert kind("finance.expense", "amount") == "per_diem" and kind("finance.perdiemoptout", "note") == "per_diem"
    assert kind("councils.person", "publish_name") == "consent" and kind("councils.consent", "recorded_by") == "consent"
    assert kind("councils.person", "id") is None
    # Who sees it comes from the permission policy: lived experience the secretariat alone.
    assert [r.value for r in record.roles_seeing(record.KINDS["lived_experience"])] == ["secretariat"]
    for item in record.KINDS.values():
        assert item.seen_by and all(p in POLICY for p in item.seen_by), item.key


def test_every_retention_setting_of_the_rules_is_described():
    referenced = {name for item in record.KINDS.values() for name in item.settings}
    assert referenced == set(RETENTION_FIELDS)
    texts = record.settings_text(record.KINDS["messages"])
    assert texts and "retention_outbox_body_days" in texts[0] and "standard 90" in texts[0]


def test_the_published_record_is_up_to_date(tmp_path, monkeypatch):
    call_command("privacy_record", "--check")  # docs/privacy.md as committed
    text = (privacy_record.TARGET).read_text(encoding="utf-8")
    assert f"| felter med personoplysninger | {record.figures()['personal']} |" in text
    assert "Erfaring som socialt udsat" in text and "`retention_citizen_message_months`" in text
    stale = tmp_path / "privacy.md"
    stale.write_text(text.replace("Erfaring som socialt udsat", "Noget andet"), encoding="utf-8")
    monkeypatch.setattr(privacy_record, "TARGET", stale)
    with pytest.raises(SystemExit) as exit_info:
        call_command("privacy_record", "--check", stderr=io.StringIO())
    assert exit_info.value.code == 1
    call_command("privacy_record", stdout=io.StringIO())
    assert stale.read_text(encoding="utf-8") == text


@pytest.mark.django_db
def test_the_platform_admin_sees_the_record_and_the_secretariat_does_not(client, make_council, make_user):
    secretary = make_user("sekr@kommune.dk")
    council = make_council("fortegnelse", secretary=secretary)
    url = f"/{council.slug}/intern/persondata/fortegnelse/"
    client.force_login(make_user("admin@stemme.dk", superuser=True))
    html = client.get(url).content.decode()
    assert "Fortegnelse over behandling af personoplysninger" in html
    for item in record.KINDS.values():
        assert item.title.replace('"', "&quot;") in html
    assert "councils.person.lived_experience" in html and "ikke beskrevet" not in html
    client.force_login(secretary)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
