"""The database refuses what the services refuse (with their Danish messages) for documents:
the constraints are the last line, so the test writes past the services with
``QuerySet.update`` and expects an IntegrityError naming the constraint."""

import pytest

from core.tests.constraints import refused
from library.models import FIRST_YEAR, Document


@pytest.fixture
def document(make_council):
    council = make_council("begraensning")
    return Document.objects.create(council=council, title="Hjemløshed i Danmark", year=FIRST_YEAR,
                                   url="https://udsatte.example/rapport")


def test_a_document_is_not_from_before_the_first_year(document):
    Document.objects.filter(pk=document.pk).update(year=None)  # no year: fine
    refused("document_year_range", lambda: Document.objects.filter(pk=document.pk).update(year=FIRST_YEAR - 1))
