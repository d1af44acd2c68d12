"""URLconf for `make bench` only: the app's URLs plus a bare baseline view.

Never used in production: settings pick it only when SOURCEWISE_BENCH_URLCONF is set,
which the benchmark does for the gunicorn it starts.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from quizapp.models import Attempt


@login_required
@require_POST
def baseline_insert(request):
    """One INSERT of a comparable row for the logged-in user, and a tiny response."""
    Attempt.objects.create(learner=request.user, kind=Attempt.Kind.REVIEW, question_ids=[])
    return HttpResponse("ok")


urlpatterns = [
    path("bench/baseline/", baseline_insert),
    path("", include("config.urls")),
]
