"""Danish amounts: ``25.000,00 kr.`` on pages and in exports, ``25.000 kr.`` in agenda texts.

Amounts are Danish kroner, so they are written the Danish way whatever the interface language
(the municipality's payroll and the council's minutes are Danish)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO = Decimal("0.01")


def number(amount, *, decimals: int = 2) -> str:
    """``Decimal("25000")`` -> ``"25.000,00"``; ``decimals=0`` -> ``"25.000"``."""
    value = Decimal(amount or 0).quantize(Decimal(1) if decimals == 0 else Decimal(10) ** -decimals,
                                          rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{fraction}" if decimals else f"{sign}{text}"


def kr(amount) -> str:
    """``"25.000,00 kr."``"""
    return f"{number(amount)} kr."


def kr_short(amount) -> str:
    """``"25.000 kr."`` for whole kroner, ``"1.250,50 kr."`` otherwise (agenda texts)."""
    value = Decimal(amount or 0)
    return f"{number(value, decimals=0 if value == value.to_integral_value() else 2)} kr."


def plain(amount) -> str:
    """``"25000,00"``: the Danish way without thousands separators (form fields, CSV)."""
    return number(amount).replace(".", "")


_AMOUNT_RE = re.compile(r"^-?[0-9.]*(,[0-9]*)?$")


def parse(text: str) -> Decimal | None:
    """Read an amount as people write it in Danish: ``25.000,50``, ``25000,5``, ``25000`` or
    ``25.000`` (thousands), and also ``25000.50`` (a decimal point). None if it is not a number."""
    text = (text or "").strip().lower().replace(" ", "").replace("\xa0", "")
    text = text.removesuffix("kr.").removesuffix("kr").removesuffix(",-").strip()
    if not text or not _AMOUNT_RE.match(text):
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") == 1 and len(text.split(".")[1]) != 3:
        pass  # a decimal point: 25000.5
    else:
        text = text.replace(".", "")
    try:
        return Decimal(text).quantize(TWO, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
