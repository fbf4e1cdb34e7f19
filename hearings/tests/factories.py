"""Plain rows of the hearings app, for tests (factory_boy)."""

import factory
from factory.django import DjangoModelFactory

from councils.tests.factories import MunicipalityFactory
from hearings.models import Committee


class CommitteeFactory(DjangoModelFactory):
    """A committee of the municipality; by default the Social- og Sundhedsudvalget (SUS)."""

    class Meta:
        model = Committee

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Social- og Sundhedsudvalget"
    abbreviation = "SUS"
