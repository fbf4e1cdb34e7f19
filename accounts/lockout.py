"""The login lock: django-axes' database handler with a second, per-IP limit (see accounts/auth.py
and README, "Login lock")."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginLockHandler(AxesDatabaseHandler):
    """axes' database handler with a per-IP limit across addresses.

    Axes applies one limit to every lockout parameter. A limit of 5 per IP would lock a whole
    town hall behind one NAT address after five typos, so the IP limit is separate and higher:
    an attacker trying many addresses from one IP is locked after
    ``STEMME_LOGIN_IP_FAILURE_LIMIT`` failures, colleagues who mistype now and then are not.
    A successful login clears only that address's failures from that IP (axes' own reset,
    ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``), never the IP's count, so an
    attacker cannot reset the IP limit by logging in to an account of their own."""

    def ip_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures for this address from this IP; reported as the limit itself once the IP as a
        whole has reached its own limit (axes compares the result with ``AXES_FAILURE_LIMIT``)."""
        failures = super().get_failures(request, credentials)
        if self.ip_failures(request) >= settings.STEMME_LOGIN_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
