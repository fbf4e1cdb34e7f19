"""The secretariat's journey (issue 15): open a person from the roster, record a consent given
orally and see it in the history, then download the person's access export (ZIP) and find the
consent in it. axe-core finds nothing on the pages on the way."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_secretariat_records_a_consent_and_exports_a_person(transactional_db, page, axe, login, make_council,
                                                                make_user, add_member):
    secretary = make_user("sekr@kommune.dk", name="Sekretær Sanne")
    council = make_council("indsigt", secretary=secretary)
    person = add_member(council, "Mona Medlem", lived=True, email="mona@ex.org").person
    add_member(council, "Otto Anden")

    login(page, secretary)
    page.goto(f"/{council.slug}/intern/personer/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlem")
    consents = page.get_by_role("region", name="Samtykker")
    expect(consents).to_contain_text("Navn må vises offentligt: ja")
    expect(consents).to_contain_text("Billeder må bruges offentligt: nej")
    axe(page, name="privacy-01-person-samtykker")

    # Photo consent, given orally: without saying how, the form asks.
    page.get_by_label("Billeder af personen må bruges offentligt").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vælg hvordan personen gav eller trak samtykket tilbage.").first).to_be_visible()
    axe(page, name="privacy-02-samtykke-mangler-hvordan")
    page.get_by_label("Hvordan blev samtykket givet eller trukket tilbage?").select_option(label="Mundtligt")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Oplysningerne er gemt.")).to_be_visible()
    history = page.get_by_role("table", name="Samtykkehistorik")
    expect(history.get_by_role("row")).to_have_count(3)  # header, the photo now, the name at creation
    expect(history.get_by_role("row").nth(1)).to_contain_text("Billeder må bruges offentligt")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Mundtligt")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Sekretær Sanne")
    axe(page, name="privacy-03-samtykkehistorik")

    page.get_by_role("link", name="Hent alt, Stemme har om Mona Medlem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indsigt: Mona Medlem")
    axe(page, name="privacy-04-indsigt")
    with page.expect_download() as info:
        page.get_by_role("button", name="Hent ZIP-fil").click()
    download = info.value
    assert download.suggested_filename.startswith("indsigt-mona-medlem-")
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    data = json.loads(archive.read("indsigt.json"))
    kinds = [(row["Samtykke"], row["Hvordan"]) for row in data["sections"]["consents"]["rows"]]
    assert kinds == [("Billeder må bruges offentligt", "Mundtligt"), ("Navn må vises offentligt", "Ikke angivet")]
    assert "Otto" not in json.dumps(data, ensure_ascii=False)
