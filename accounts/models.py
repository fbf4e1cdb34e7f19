from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.auth import normalise_email


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Roles in councils come from the roster (see core.permissions), not from here."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("navn"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("adgang til Django-admin"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique",
                                               violation_error_message=_("Der findes allerede en bruger med "
                                                                         "denne e-mail."))]

    @classmethod
    def normalize_username(cls, username):
        """The one spelling of an address (``accounts.auth.normalise_email``); ``clean()`` applies it."""
        return normalise_email(super().normalize_username(username))

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email
