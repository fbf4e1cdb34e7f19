"""Tenancy: every council URL starts with the council's slug. ``council_view`` resolves it,
decides access through the policy and hands the view ``request.council`` and
``request.access``. Objects are then fetched through selectors that filter on the council,
so another council's object is a 404."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core import roster
from core.permissions import access_for_request


def get_council_or_404(slug):
    """The active council with this slug (with its municipality), else 404."""
    return roster.source().council_get_active(slug=slug)


def council_view(permission: str = "council.view_public"):
    def decorator(view):
        @wraps(view)
        def wrapper(request, council_slug, *args, **kwargs):
            council = get_council_or_404(council_slug)
            access = access_for_request(request, council)
            if not access.can(permission):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(permission)
            request.council = council
            request.access = access
            return view(request, *args, **kwargs)

        wrapper.council_permission = permission
        return wrapper

    return decorator
