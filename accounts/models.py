from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django_otp.models import SideChannelDevice, ThrottlingMixin, VerifyNotAllowed

from accounts.auth import normalise_email
from core.phone import format_danish_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, *, phone=None, **extra):
        """A user with an e-mail address, a phone number ("+45…", ``core.phone``) or both. A member
        who logs in by a code sent by SMS has only the phone number. Without a password the
        password is unusable: such a user logs in by code, link or passkey."""
        email = normalise_email(email) or None
        phone = phone or None
        if not email and not phone:
            raise ValueError("An e-mail address or a phone number is required")
        user = self.model(email=email, phone=phone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        if not normalise_email(email):  # createsuperuser still asks for one
            raise ValueError("A platform administrator needs an e-mail address")
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Roles in councils come from the roster (see core.permissions), not from here.

    The e-mail address is the username for password logins; it is optional because a member who
    logs in by a code sent by SMS may have only a phone number (``phone``). Every user has one or
    both, and neither is shared with another user (the e-mail in any case)."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("mobilnummer"), max_length=16, unique=True, null=True, blank=True,
                             help_text=_("Som +4512345678. Bruges, når medlemmet logger ind med en kode på SMS."))
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
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique",
                                    violation_error_message=_("Der findes allerede en bruger med denne e-mail.")),
            models.CheckConstraint(condition=Q(email__isnull=False) | Q(phone__isnull=False),
                                   name="accounts_user_has_address",
                                   violation_error_message=_("Skriv en e-mail eller et mobilnummer.")),
        ]

    @classmethod
    def normalize_username(cls, username):
        """The one spelling of an address (``accounts.auth.normalise_email``); ``clean()`` applies it.
        No address stays None (never "", which two users could not share)."""
        if username is None:
            return None
        return normalise_email(super().normalize_username(username)) or None

    def __str__(self):
        return self.get_full_name()

    @property
    def login_address(self) -> str:
        """How the user is known when logging in: the e-mail, else the phone number as written."""
        return self.email or format_danish_phone(self.phone or "")

    def get_full_name(self):
        return self.name or self.login_address

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.login_address


class LoginChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class LoginCode(ThrottlingMixin, SideChannelDevice):
    """The one-time login code of one address (a django-otp side-channel device).

    One row per address (an e-mail in its one spelling, or "+45…"), not per user: a member who
    has never logged in has no user yet, and the user is made when the code is first used
    (``accounts.services.login_code_verify``). The code has six digits, works for
    ``STEMME_LOGIN_CODE_VALID_SECONDS`` and once; a new code replaces the old one. Wrong codes
    are throttled by django-otp (a growing wait between tries, ``STEMME_LOGIN_CODE_THROTTLE_FACTOR``
    seconds after the first) and after ``STEMME_LOGIN_CODE_MAX_FAILURES`` the code is spent.

    ``confirmed`` is False: django-otp counts only confirmed devices as a user's second factor
    (``django_otp.user_has_device``), and a code sent to the address one logs in with is not a
    second factor. So a staff member who logs in by code still meets their TOTP."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="login_codes")
    confirmed = models.BooleanField(default=False)
    address = models.CharField(_("adresse"), max_length=254, unique=True)
    channel = models.CharField(_("kanal"), max_length=8, choices=LoginChannel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engangskode")
        verbose_name_plural = _("engangskoder")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "STEMME_LOGIN_CODE_THROTTLE_FACTOR", 1))

    @staticmethod
    def max_failures() -> int:
        return int(getattr(settings, "STEMME_LOGIN_CODE_MAX_FAILURES", 5))

    def verify_is_allowed(self):
        """django-otp's growing wait between wrong tries, and no more tries at all once the code
        has been guessed wrong ``max_failures`` times (until a new code is sent)."""
        if self.throttling_failure_count >= self.max_failures():
            return False, {"reason": VerifyNotAllowed.N_FAILED_ATTEMPTS, "failure_count": self.throttling_failure_count,
                           "spent": True}
        return super().verify_is_allowed()

    def issue(self, *, valid_seconds: int) -> str:
        """A new code that replaces the old one; the count of wrong tries starts again. Saved."""
        self.throttle_reset(commit=False)
        self.generate_token(length=6, valid_secs=valid_seconds, commit=False)
        self.save()
        return self.token

    def verify_token(self, token) -> bool:
        """Right, unexpired and unused: the code is used up. Wrong: one more failure (the code is
        spent after the last allowed one). Saved either way; call inside a transaction on a row
        locked with ``select_for_update`` (``accounts.services.login_code_verify``)."""
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        now = timezone.now()
        token = "".join(str(token or "").split())
        if self.token is not None and constant_time_compare(token, self.token) and now < self.valid_until:
            self.token, self.valid_until = None, now
            self.throttle_reset(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=False)
        if self.throttling_failure_count >= self.max_failures():
            self.token = None
        self.save()
        return False
