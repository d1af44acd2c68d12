"""Time on task in the class report: readable at 1280 px and 360 px, printed with the
rest of the report, no serious axe findings."""

from pathlib import Path

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.test_class_report_layout import busy_class, log_in  # noqa: F401  (a fixture)

SHOTS = Path("/tmp/lists-shots")


@pytest.fixture
def timed_class(busy_class):  # noqa: F811
    from django.db.models import F

    from quizapp.models import Response

    # 7 s to about 2 min per answer, different for each response.
    Response.objects.update(time_taken_ms=7000 + (F("id") * 7919) % 120_000)
    return busy_class


@pytest.mark.parametrize("width", [1280, 360])
def test_time_on_task_is_readable_and_printed(page, timed_class, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    page.goto(f"/classes/{timed_class.id}/report/")
    section = page.locator("section[aria-labelledby=time-heading]")
    text = section.inner_text()
    assert "Over the same attempts as the rest of this report" in text
    assert "Student3 Longername" in text and "Median per answer" in text
    assert " min " in text or " s" in text
    assert "Median time" in page.locator("section[aria-labelledby=items-heading]").inner_text()
    section.screenshot(path=str(SHOTS / f"time-on-task-{width}.png"))
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    if width == 1280:
        region = section.locator(".table-scroll")
        assert region.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert_accessible(page)
    page.emulate_media(media="print")
    assert section.is_visible() and "Median per answer" in section.inner_text()
    page.screenshot(path=str(SHOTS / f"report-print-{width}.png"), full_page=True)
