from typing import Any

from django.conf import settings
from django.http import HttpRequest


def stemme(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.STEMME_SITE_NAME,
        "council": getattr(request, "council", None),
        "access": getattr(request, "access", None),
    }
