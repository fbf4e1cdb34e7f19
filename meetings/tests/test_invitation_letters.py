"""The printed invitation, read back from the print batch the outbox page serves: a cover sheet
that counts the letters, the letters in postal order, each with the address in the envelope's
window, a QR code that opens that person's reading page, the short address and the phone
number beside it, the signature on page one, and the member's agenda merged after the letter.

PDF rendering is slow: one batch (one meeting, four letters) is rendered and read by one test."""

import io
import re
import subprocess

import pytest
import zxingcpp
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from meetings import letters as meeting_letters
from meetings.selectors import reading
from meetings.services import agenda as agenda_services
from meetings.services import attendance as attendance_services
from meetings.tests import attendance_builders
from meetings.tests.attendance_builders import attendance_of
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.attendance_rules]

PT_PER_MM = 72 / 25.4
PHONE = "43 68 68 68"
SMS_NUMBER = "1999 1999"
#: The letters in postal order: Albertslund 2620 twice (Byvej before Vestervej), Roskilde 4000, and
#: the address without a postcode last. Dorte (2600, a substitute) is not called: no letter.
ORDER = ["Eva Eskildsen", "Hanne Holm", "Ib Isaksen", "Jonna Jensen"]
ADDRESS_WORDS = {"Eva Eskildsen": ["Eva", "Eskildsen", "Byvej", "2620", "Albertslund"],
                 "Hanne Holm": ["Hanne", "c/o", "Vestervej", "DK-2620", "Albertslund"],
                 "Ib Isaksen": ["Ib", "Isaksen", "Algade", "4000", "Roskilde"],
                 "Jonna Jensen": ["Jonna", "Plejehjemmet", "Solgården,", "værelse"]}
#: Enough items that the list of them cannot fit on page one beside the QR box and the signature.
LONG_ITEMS = [f"Punkt om et emne med en lang titel, som rådet skal drøfte grundigt, nummer {n}" for n in range(1, 19)]


@pytest.fixture
def letters_meeting(council, roster, add_member, settings, monkeypatch):
    """The attendance roster plus three more members by letter, a council with a phone and SMS
    replies switched on, and a meeting with a long agenda."""
    from notifications import sms

    monkeypatch.setattr(sms, "replies_enabled", lambda: True, raising=False)
    settings.STEMME_SMS_REPLY_NUMBER = SMS_NUMBER
    settings.STEMME_LETTERS_DUPLEX = True
    council.phone = PHONE
    council.save()
    add_member(council, "Jonna Jensen", address="Plejehjemmet Solgården, værelse 12", preferred_channel="letter")
    add_member(council, "Ib Isaksen", address="Algade 1\n4000 Roskilde", preferred_channel="letter")
    add_member(council, "Hanne Holm", address="c/o Birte Holm\nVestervej 10\nDK-2620 Albertslund",
               preferred_channel="letter")
    meeting = attendance_builders.make_meeting(council)
    for title in [*attendance_builders.ITEMS, *LONG_ITEMS]:
        agenda_services.item_create(meeting=meeting, title=title)
    return meeting


def page_texts(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [" ".join(page.replace("\xa0", " ").split()) for page in out.decode().split("\f")]


def words_on_page(pdf: bytes, index: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) in millimetres from the page's top-left corner (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1), "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode()
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    return [(w, *(float(v) / PT_PER_MM for v in box)) for *box, w in found]


def qr_codes(pdf_path, index: int) -> list[str]:
    """The QR codes on the page, read from a 150 dpi rendering (pdftoppm) by zxing-cpp."""
    root = pdf_path.with_name(f"page-{index + 1}")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(index + 1), "-l", str(index + 1),
                    str(pdf_path), str(root)], check=True)
    with Image.open(root.with_suffix(".png")) as image:
        return [code.text for code in zxingcpp.read_barcodes(image)]


def test_the_invitation_batch_for_window_envelopes(letters_meeting, council, secretary, client, tmp_path):
    attendance_services.invitations_send(meeting=letters_meeting, actor=secretary)
    assert OutboxMessage.objects.filter(channel="letter", meeting=letters_meeting).count() == 4
    client.force_login(secretary)

    response = client.get(f"/{council.slug}/intern/udsendelser/breve.pdf?moede={letters_meeting.pk}")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    pdf_path = tmp_path / "breve.pdf"
    pdf_path.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    texts = page_texts(pdf)
    # One bookmark per letter ("1. Eva Eskildsen 2620"), after the cover's.
    marks = [(str(item.title), reader.get_destination_page_number(item)) for item in reader.outline]
    assert marks[0] == ("Forside", 0)
    starts = {re.sub(r"^\d+\. | \d{4}$", "", title): page for title, page in marks[1:]}
    assert list(starts) == ORDER  # postal order

    # The cover counts the letters and lists them in the order printed.
    cover = texts[0]
    assert "Breve til udskrivning" in cover and "4 breve" in cover
    assert "Læg brevene i C5/6-kuverter med rude." in cover
    assert [cover.index(name) for name in ORDER] == sorted(cover.index(name) for name in ORDER)
    pages_total = int(re.search(r"(\d+) sider", cover).group(1))
    bounds = [*starts.values(), len(reader.pages)]
    blank = sum(1 for text in texts[: len(reader.pages)] if not text.strip())
    assert pages_total == len(reader.pages) - 1 - blank  # all but the cover and the blank backs

    titles = [*attendance_builders.ITEMS, *LONG_ITEMS]
    for n, name in enumerate(ORDER):
        first, stop = bounds[n], bounds[n + 1]
        assert first % 2 == 0, f"{name}'s letter begins on the back of a sheet"
        attendance = attendance_of(letters_meeting, name)
        page = texts[first]
        # Address, short address, phone, SMS and signature on the letter's first page.
        code = attendance.short_code
        assert f"testserver/k/{code}" in page
        assert f"Kan du ikke komme? Ring til sekretariatet på {PHONE}, eller send en SMS med ordet AFBUD til " \
               f"{SMS_NUMBER}." in page
        assert page.count("Kan du ikke komme?") == 1 and page.count(f"/k/{code}") == 1  # said once, in the box
        assert "Venlig hilsen Sara Sekretær Udsatterådet Nordby" in page
        assert page.index("Venlig hilsen") > page.index("Hele dagsordenen")
        # The long list of items goes on after the signature, on page two.
        assert LONG_ITEMS[-1] in texts[first + 1] and LONG_ITEMS[-1] not in page
        # The agenda itself follows the letter, before the next one begins.
        agenda = " ".join(texts[first + 2: stop])
        assert "Dagsorden" in agenda and titles[1] in agenda and titles[-1] in agenda

        # The address lies in the window (20 mm from the left, 45–90 mm from the top, 90 mm wide).
        words = words_on_page(pdf, first)
        address = [w for w in words if w[0] in ADDRESS_WORDS[name] and w[2] < 100]
        assert {w[0] for w in address} == set(ADDRESS_WORDS[name])
        for word, x0, y0, x1, y1 in address:
            assert 20 <= x0 and x1 <= 110 and 45 <= y0 and y1 <= 90, (word, x0, y0, x1, y1)

        # The QR code is that person's reading link, and it opens their reading page.
        (url,) = qr_codes(pdf_path, first)
        token = re.fullmatch(r"http://testserver/l/([^/]+)/", url).group(1)
        assert reading.attendance_from_reading_token(token) == attendance
        visitor = Client()
        reading_page = visitor.get(url.removeprefix("http://testserver"))
        assert reading_page.status_code == 200 and name in reading_page.content.decode()
        short = visitor.get(f"/k/{code}/", follow=True)
        assert short.status_code == 200 and name in short.content.decode()


def test_a_closed_reading_link_is_not_printed(letters_meeting, secretary):
    """A link the secretariat has closed (a letter to a wrong address) gets no QR code and no
    short address in a reprint: the letter gives the phone number only."""
    attendance_services.invitations_send(meeting=letters_meeting, actor=secretary)
    message = OutboxMessage.objects.get(channel="letter", person__name="Ib Isaksen")
    assert meeting_letters.invitation_letter_context(message)["reading_url"]

    attendance_services.reading_link_revoke(attendance=attendance_of(letters_meeting, "Ib Isaksen"), actor=secretary)

    context = meeting_letters.invitation_letter_context(message)
    assert "reading_url" not in context and "short_url" not in context
    assert context["appendix_from"] == "Dagsorden:"
