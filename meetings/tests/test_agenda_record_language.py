"""The agenda is the council's Danish record. A secretariat that reads Stemme in English (the
language switch) still writes the standard items in Danish: otherwise the published agenda and
minutes mix English items with the council's Danish ones (issue 9, step 5)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from meetings.models import AgendaItem, StandardItem
from meetings.services import agenda as services

pytestmark = pytest.mark.django_db


def test_standard_items_added_by_an_english_reader_are_written_in_danish(secretary_client, council, april):
    secretary_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = secretary_client.post(reverse("meetings:standard_items", args=[council.slug, april.pk]),
                                     follow=True)

    items = {i.standard: i for i in AgendaItem.objects.filter(meeting=april).exclude(standard="")}
    assert set(items) == set(StandardItem.values)
    assert items[StandardItem.APPROVAL].title == "Godkendelse af referat og dagsorden"
    assert items[StandardItem.APPROVAL].recommendation == "Det indstilles, at referatet og dagsordenen godkendes."
    assert items[StandardItem.MEMBERSHIP].case_text.startswith("Ændringer siden sidste møde den 12. marts 2026:")
    assert "Approval of minutes" not in "".join(i.title + i.case_text for i in items.values())
    assert "The standard items have been added" in response.content.decode()  # the page itself is English


def test_an_english_reader_sees_no_change_in_texts_written_in_danish(secretary_client, council, april):
    with translation.override("da"):
        services.standard_items_create(meeting=april)
    secretary_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = secretary_client.get(reverse("meetings:standard_items_refresh", args=[council.slug, april.pk]))

    assert page.status_code == 200
    assert "The text of the standard items is already up to date." in page.content.decode()
