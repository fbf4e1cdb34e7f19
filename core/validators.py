from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import contains_cpr

CPR_MESSAGE = _(
    "Teksten ser ud til at indeholde et CPR-nummer. Rådet behandler ikke sager om enkeltpersoner, "
    "så CPR-numre må ikke skrives her. Fjern nummeret og gem igen – resten af teksten er bevaret."
)


def validate_no_cpr(value: str) -> None:
    if isinstance(value, str) and contains_cpr(value):
        raise ValidationError(CPR_MESSAGE, code="cpr")
