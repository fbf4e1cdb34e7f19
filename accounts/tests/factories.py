"""Plain rows of the accounts app, for tests (factory_boy). A user is made through the
manager (``create_user``), so the address is normalised and the password hashed as in use."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User

PASSWORD = "korrekt-hest-batteri"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.LazyAttribute(lambda user: user.email.split("@")[0])
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)
