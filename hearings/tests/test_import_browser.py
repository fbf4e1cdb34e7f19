"""The import pages in Chromium: upload a manifest, read the report, upload a broken file; axe-core
finds no violations on the upload page, the report and the error page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.browser


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


def test_import_a_manifest_read_the_report_and_get_a_clear_error_for_a_broken_file(page, login, axe, council,
                                                                                   secretary):
    login(page, secretary)
    page.goto(f"/{council.slug}/intern/udvalg/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér udvalgsmøder")
    axe(page, name="import-01-upload")

    page.get_by_label("Fil med udvalgsmøder").set_input_files(str(FIXTURES / "sbsys_partial.xml"))
    page.get_by_role("button", name="Importér filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport over importen")
    expect(page.get_by_test_id("import-refused")).to_contain_text("Linje 12: punkt 2 mangler en overskrift")
    expect(page.locator("[data-count=added]")).to_have_text("4")
    axe(page, name="import-02-report")

    page.get_by_label("Fil med udvalgsmøder").set_input_files(str(FIXTURES / "sbsys_broken.xml"))
    page.get_by_role("button", name="Importér filen").click()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Filen er ikke gyldig XML: et slutmærke passer ikke til startmærket (linje 16, kolonne 7).")
    axe(page, name="import-03-error")
