"""Accessibility checks with axe-core, served from the test tree (never a CDN)."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, readable.

    page.evaluate runs outside the page's Content-Security-Policy, so axe is injected
    without loosening the app's CSP."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page):
    violations = serious_violations(page)
    assert not violations, "\n".join(violations)
