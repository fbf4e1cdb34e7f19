"""Plain rows of the councils app, for tests (factory_boy). A council itself is made through
its service (``make_council`` in the root conftest): its preset, term and seats are state."""

import factory
from factory.django import DjangoModelFactory

from councils.models import Municipality, Person


class MunicipalityFactory(DjangoModelFactory):
    """``MunicipalityFactory(slug="kommune-nordby")`` returns the existing row if there is one."""

    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kommune {n}")
    slug = factory.Sequence(lambda n: f"kommune-{n}")


class PersonFactory(DjangoModelFactory):
    """A person on a council's roster, without a membership (pass ``council=``)."""

    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
