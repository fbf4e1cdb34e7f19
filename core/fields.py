"""Model fields for free text. Every free-text field in Stemme uses one of these, so the
CPR guard runs in forms, services (``full_clean``) and the admin alike."""

from django.db import models

from core.validators import validate_no_cpr


class FreeTextField(models.TextField):
    default_validators = [validate_no_cpr]


class FreeCharField(models.CharField):
    default_validators = [validate_no_cpr]
