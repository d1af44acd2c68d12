"""Who is logging in from where: the client's address, and the per-address throttle.

django-axes pauses one username from one address after DJANGO_LOGIN_FAILURE_LIMIT
failures. That is only fair if "address" is the client's: behind a proxy every request
comes from the proxy, so a few bad passwords from anywhere would lock a student out
for everyone. The address is therefore read from X-Forwarded-For, with django-ipware,
only when DJANGO_PROXY_COUNT says proxies are in front of the app, and only the entry
the nearest trusted proxy vouches for: entries a client put in the header itself are
ignored. The per-address throttle slows one address trying many usernames (password
spraying), which the per-username lockout never sees.
"""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from ipware.ip import get_client_ip


def client_address(request) -> str | None:
    """The client's address: with N proxies, the Nth X-Forwarded-For entry from the
    right (each proxy appends the address it was called from); else REMOTE_ADDR."""
    proxies = settings.PROXY_COUNT
    if proxies:
        address, _ = get_client_ip(
            request,
            proxy_count=proxies - 1,
            strict=False,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def address_failures(address: str | None, *, now=None) -> int:
    """Failed log-ins from this address, whatever the username, in the cool-off window."""
    if not address:
        return 0
    since = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )


def address_throttled(request) -> bool:
    """True once this address has failed LOGIN_ADDRESS_FAILURE_LIMIT times lately."""
    if not settings.AXES_ENABLED:
        return False
    return address_failures(client_address(request)) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def cooloff_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME / datetime.timedelta(minutes=1)))
