"""Tenancy: every council URL starts with the council's slug. ``council_view`` resolves it,
decides access through the policy and hands the view ``request.council`` and
``request.access``. Objects are then fetched through selectors that filter on the council,
so another council's object is a 404."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from core import roster
from core.permissions import access_for_request

View = Callable[..., HttpResponseBase]


def get_council_or_404(slug: str) -> Any:
    """The active council with this slug (with its municipality), else 404."""
    return roster.source().council_get_active(slug=slug)


def council_view(permission: str = "council.view_public") -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, council_slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            council = get_council_or_404(council_slug)
            access = access_for_request(request, council)
            if not access.can(permission):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(permission)
            request.council = council  # type: ignore[attr-defined]  # Stemme's request attributes
            request.access = access  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.council_permission = permission  # type: ignore[attr-defined]  # read by the tenancy matrix test
        return wrapper

    return decorator
