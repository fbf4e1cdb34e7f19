"""What a printed letter shows, without rendering it: the postcode and postal order, the body
split around the signature, the registry of letter contexts, and how afbud is asked for."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications import letters, selectors, services
from notifications.letters import postcode, prepare, register_letter_context

BODY = ("Kære Lars Brev\n\nDu er indkaldt til møde.\n\nDagsorden:\n1. Velkomst\n2. Eventuelt\n\n"
        "Kan du ikke komme? Så ring.\n\nVenlig hilsen\nUdsatterådet Nordby\n")


@pytest.mark.parametrize(("address", "expected"), [
    ("Søndergade 4, 1. th.\n2620 Albertslund", "2620"),
    ("c/o Birte Holm\nVestervej 10\nDK-2620 Albertslund", "2620"),
    ("Algade 1\nDK 4000 Roskilde\n", "4000"),
    ("Nørregade 7\n1165 København K\nDanmark", "1165"),      # a country line after the town
    ("Plejehjemmet Solgården, værelse 12", None),
    ("Box 1234\n", None),                                    # four digits, no town after them
    ("Strandvejen 1000\n2900 Hellerup", "2900"),            # a house number is not a postcode
    ("", None),
])
def test_the_postcode_is_the_four_digits_before_the_town(address, expected):
    assert postcode(address) == expected


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=6))
def test_postcode_never_fails_and_finds_only_four_digits(lines):
    found = postcode("\n".join(lines))
    assert found is None or (len(found) == 4 and found.isdigit() and found in "\n".join(lines))


@pytest.fixture
def letter_people(council):
    from councils import services as council_services

    def person(name, address):
        return council_services.person_save(council=council, name=name, address=address, preferred_channel="letter")

    return [person("Åse Uden", "Plejehjemmet, værelse 3"), person("Bo Roskilde", "Algade 1\n4000 Roskilde"),
            person("Cai Glostrup", "Torvet 1\n2600 Glostrup"), person("Dan Albertslund", "Byvej 3\n2620 Albertslund"),
            person("Eja Albertslund", "Ahornvej 9\n2620 Albertslund")]


def queue(council, person, body=BODY, kind="meetings.invitation", attachments=()):
    return services.outbox_enqueue(council=council, channel="letter", person=person, to_address=person.address,
                                   subject="Indkaldelse", body=body, kind=kind, attachments=attachments)


def test_letters_to_print_come_in_postal_order_unknown_last(council, letter_people, django_assert_num_queries):
    for person in letter_people:
        queue(council, person)
    with django_assert_num_queries(1):
        printed = selectors.letters_to_print(council=council)
    assert [m.person.name for m in printed] == ["Cai Glostrup", "Eja Albertslund", "Dan Albertslund", "Bo Roskilde",
                                                "Åse Uden"]  # 2600, 2620 (Ahornvej, Byvej), 4000, none


def test_the_body_is_split_around_the_letters_own_signature(council, letter_people):
    message = queue(council, letter_people[1])
    plain = prepare(message, council=council)
    # The body's closing is left out: the letter signs itself (signature block kept on page one).
    assert plain.paragraphs == ["Kære Lars Brev", "Du er indkaldt til møde.", "Dagsorden:\n1. Velkomst\n2. Eventuelt",
                                "Kan du ikke komme? Så ring."]
    assert plain.appendix == [] and not plain.has_box and plain.phone_afbud_text == ""
    assert plain.address_lines == ["Bo Roskilde", "Algade 1", "4000 Roskilde"] and plain.postcode == "4000"


def test_a_letter_context_adds_the_qr_box_moves_the_list_and_leaves_out_what_the_box_says(council, letter_people,
                                                                                         monkeypatch):
    council.phone = "43 68 68 68"
    council.email = "raadet@nordby.dk"
    message = queue(council, letter_people[1])
    seen = []

    def context(msg):
        seen.append(msg.pk)
        return {"reading_url": "{stemme-site}/l/abc/", "short_url": "{stemme-site}/k/7H3K9Q/",
                "appendix_from": "Dagsorden:", "omit": ["Kan du ikke komme?"]}

    monkeypatch.setattr(letters, "LETTER_CONTEXTS", {})
    register_letter_context("meetings.invitation", context)
    register_letter_context("meetings", lambda msg: {"short_url": "wrong: the longer prefix wins"})

    letter = prepare(message, council=council, base_url="https://stemme.nordby.dk/")

    assert seen == [message.pk]
    assert letter.paragraphs == ["Kære Lars Brev", "Du er indkaldt til møde."]
    assert letter.appendix == ["Dagsorden:\n1. Velkomst\n2. Eventuelt"]
    assert letter.qr_url == "https://stemme.nordby.dk/l/abc/" and "<svg" in letter.qr
    assert letter.short_url == "stemme.nordby.dk/k/7H3K9Q"
    assert letter.phone_afbud_text == "Kan du ikke komme? Ring til sekretariatet på 43\xa068\xa068\xa068"
    assert letter.email_text == "Du kan også skrive til raadet@nordby.dk."
    assert letter.sms_afbud_text == ""  # no SMS replies: notifications.sms.replies_enabled is off or missing
    other = queue(council, letter_people[2], kind="meetings.minutes_approval")
    assert prepare(other, council=council).short_url == "wrong: the longer prefix wins"
    assert prepare(queue(council, letter_people[3], kind="hearings.letter"), council=council).qr_url == ""


def test_the_sms_sentence_needs_replies_and_a_number(council, letter_people, monkeypatch, settings):
    from notifications import sms

    council.phone = "43 68 68 68"
    monkeypatch.setattr(letters, "LETTER_CONTEXTS", {})
    register_letter_context("meetings.invitation", lambda msg: {"reading_url": "https://x/l/a/"})
    message = queue(council, letter_people[0])
    settings.STEMME_SMS_REPLY_NUMBER = "1999 1999"
    monkeypatch.setattr(sms, "replies_enabled", lambda: False, raising=False)
    assert prepare(message, council=council).sms_afbud_text == ""
    monkeypatch.setattr(sms, "replies_enabled", lambda: True, raising=False)
    assert prepare(message, council=council).sms_afbud_text == "eller send en SMS med ordet AFBUD til 1999\xa01999"
    settings.STEMME_SMS_REPLY_NUMBER = ""
    assert prepare(message, council=council).sms_afbud_text == ""


def test_the_secretary_signs(council, letter_people, secretary):
    assert letters.signature_lines(council) == ["Sara Sekretær", "Udsatterådet Nordby"]
