"""Model fields for free text. Every free-text field in Stemme uses one of these, so the
CPR guard runs in forms, services (``full_clean``) and the admin alike."""

from django.db import models

from core.validators import validate_no_cpr

# The longest free text a public form takes (about two A4 pages). On a TextField, max_length
# limits the form field only, not the database.
PUBLIC_TEXT_MAX_LENGTH = 5000


class FreeTextField(models.TextField):
    default_validators = [validate_no_cpr]


class FreeCharField(models.CharField):
    default_validators = [validate_no_cpr]
