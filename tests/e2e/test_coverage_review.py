"""Coverage review in a real browser: an instructor links a passage of a newly imported
article to a suggested fact (by keyboard), creates a new fact from a passage, and marks
the coverage reviewed; the compare page then counts the new outlet as reviewed."""

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_instructor_flow import admin_log_in

SOURCE = "axios-us-tells-iran-no-involvement"


def imported_copy():
    """A new outlet's article on the seed story whose text is Axios's."""
    from quizapp.models import Article
    from quizapp.sources.corpus import article_import

    source = Article.objects.get(slug=SOURCE)
    return article_import(
        path=Path("courier.txt"),
        text=source.source_text(),
        outlet="courier",
        outlet_name="The Courier",
        headline="The Courier on the weekend",
        published="2024-04-16",
        slug="courier-weekend",
    )


def test_instructor_reviews_coverage_with_suggestions(page, instructors_group):
    from quizapp.models import FactCitation, Passage

    article = imported_copy()
    curated = (
        FactCitation.objects.filter(passage__article__slug=SOURCE)
        .select_related("fact", "passage")
        .order_by("passage__position")
        .first()
    )
    passage = article.passages.get(position=curated.passage.position)
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_log_in(page)
    page.goto(f"/admin/quizapp/article/{article.pk}/coverage/")
    expect(page.get_by_role("status")).to_contain_text("Not yet reviewed")

    section = page.locator(f"section#{passage.anchor}")
    expect(section.get_by_text("Suggested facts")).to_be_visible()
    link = section.get_by_role("button", name=f"Link {passage.anchor} to: {curated.fact.statement}")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("now reports: " + curated.fact.statement)
    assert FactCitation.objects.filter(passage=passage, fact=curated.fact).exists()

    other = article.passages.filter(kind=Passage.Kind.REPORTING).exclude(pk=passage.pk).first()
    box = page.locator(f"section#{other.anchor}").get_by_label("New fact from this passage:")
    box.fill("The Courier says the weekend was calm.")
    with page.expect_navigation():
        page.locator(f"section#{other.anchor}").get_by_role(
            "button", name="Create and link"
        ).click()
    expect(page.locator(".messagelist")).to_contain_text("New fact from")

    # Too early: the form refuses and says which passages are left.
    with page.expect_navigation():
        page.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator(".messagelist")).to_contain_text("neither linked to a fact")

    Passage.objects.filter(article=article, kind=Passage.Kind.REPORTING).exclude(
        pk__in=[passage.pk, other.pk]
    ).update(reports_nothing_new=True)
    page.reload()
    with page.expect_navigation():
        page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_role("status")).to_contain_text("Coverage reviewed.")
    article.refresh_from_db()
    assert article.coverage_reviewed

    page.goto(f"/compare/fact-{curated.fact.key}/")
    column = page.locator(
        "section.compare-column", has=page.get_by_role("heading", name="The Courier")
    )
    expect(column).to_be_visible()
    expect(column.get_by_text("Not yet reviewed")).to_have_count(0)
