"""Failures a learner can act on, instead of a blank answer area or a 500.

- An htmx request whose session has expired is redirected to the login page as a
  whole page (HX-Redirect), with ``next`` pointing back to the question, instead of
  the login page being swapped into the question card.
- A database too busy to write within its bounded wait (SQLite's busy timeout,
  PostgreSQL's lock timeouts, deadlocks and serialisation failures) answers 503 with
  "try again": nothing was saved, and a retry is safe because answers are idempotent.
"""

import logging

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

log = logging.getLogger(__name__)

# lock_not_available, query_canceled (lock/statement timeout), serialization_failure,
# deadlock_detected
BUSY_SQLSTATES = {"55P03", "57014", "40001", "40P01"}
BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
RETRY_AFTER_SECONDS = 5


def database_busy(error: BaseException) -> bool:
    """True when the database refused the work only because others held it up."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return any(words in str(error).lower() for words in BUSY_WORDS)


class FailureResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            login = resolve_url(settings.LOGIN_URL)
            if response["Location"].split("?")[0] == login:
                return HttpResponseClientRedirect(response["Location"])
        return response

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        log.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        response = render(request, "busy.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
