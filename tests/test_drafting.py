"""Drafting claims and figures from a new article, measured against the curated corpus."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from quizapp.drafting import draft_claims, evidence_draft
from quizapp.generators.base import words_overlap
from quizapp.models import Article, Claim, Figure, Person
from quizapp.services import evidence_bank

from .factories import OutletFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFTING_REPORT = {}


def attribution_scores():
    """Speaker attribution of drafted quotations against the curated claims."""
    persons = list(Person.objects.all())
    curated_total = attributed_right = guessed = guessed_right = 0
    for article in Article.objects.all():
        curated = list(Claim.objects.filter(passage__article=article, origin="curated"))
        drafts = draft_claims(article, persons)
        curated_total += len(curated)

        def same(claim, draft):
            if claim.speaker_id:
                return draft.speaker is not None and draft.speaker.id == claim.speaker_id
            return draft.speaker is None and bool(draft.speaker_text)

        for claim in curated:
            matches = [
                d
                for d in drafts
                if d.passage.id == claim.passage_id and words_overlap(d.quote, claim.quote)
            ]
            attributed_right += any(same(claim, d) for d in matches)
        for draft in drafts:
            matches = [
                c
                for c in curated
                if c.passage_id == draft.passage.id and words_overlap(draft.quote, c.quote)
            ]
            if matches and draft.speaker_text:
                guessed += 1
                guessed_right += same(matches[0], draft)
    return guessed_right / guessed, attributed_right / curated_total, guessed, curated_total


def test_speaker_attribution_precision_and_recall_on_the_five_articles(evidence):
    precision, recall, guessed, total = attribution_scores()
    DRAFTING_REPORT.update(precision=precision, recall=recall, guessed=guessed, total=total)
    print(
        f"\nSpeaker attribution: precision {precision:.0%} over {guessed} guesses, recall {recall:.0%} of {total} curated quotations"
    )
    assert precision >= 0.7
    assert recall >= 0.6


def test_import_article_drafts_quotes_with_speakers_and_figures(evidence, tmp_path):
    text = tmp_path / "new.txt"
    text.write_text(
        "Kirby speaks to reporters\n\n"
        "“We don't seek a war with Iran,” Kirby said on Monday.\n\n"
        "A senior administration official said the US “will not take part” in any strike.\n\n"
        "Iran launched more than 300 drones and missiles, officials said.\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command(
        "import_article", str(text), "--outlet", "cnn", "--headline", "Kirby speaks to reporters",
        "--published", "2024-04-15", "--slug", "kirby-new", stdout=out,
    )  # fmt: skip
    assert "Drafted 2 claims" in out.getvalue()
    claims = {c.quote: c for c in Claim.objects.filter(passage__article__slug="kirby-new")}
    assert claims["We don't seek a war with Iran"].speaker.key == "kirby"
    assert claims["will not take part"].speaker is None
    assert claims["will not take part"].speaker_text == "A senior administration official"
    assert all(c.review == "draft" and c.origin == "drafted" for c in claims.values())
    figure = Figure.objects.get(passage__article__slug="kirby-new")
    assert (figure.qualifier, figure.value) == ("more than", 300)


def test_drafts_feed_the_generators_only_once_confirmed(evidence):
    article = Article.objects.get(slug="toi-white-house-not-seeking-war")
    evidence_draft(article=article)
    drafted = Claim.objects.filter(origin="drafted")
    assert drafted.exists()
    keys = {c.key for c in evidence_bank().claims}
    assert not keys & set(drafted.values_list("key", flat=True))
    drafted.update(review="confirmed")
    assert set(drafted.values_list("key", flat=True)) <= {c.key for c in evidence_bank().claims}


def test_drafting_again_replaces_unconfirmed_drafts_only(evidence):
    article = Article.objects.get(slug="cnn-biden-no-counterstrike")
    evidence_draft(article=article)
    kept = Claim.objects.filter(origin="drafted").first()
    kept.review = "confirmed"
    kept.save()
    count = Claim.objects.filter(origin="drafted").count()
    evidence_draft(article=article)
    assert Claim.objects.filter(pk=kept.pk).exists()
    assert Claim.objects.filter(origin="drafted").count() == count


@pytest.fixture
def staff_client(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="teacher", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    return client


def test_admin_upload_imports_and_drafts(staff_client, evidence):
    upload = SimpleUploadedFile("story.txt", "“It's not over yet,” Gallant said.\n".encode())
    outlet = OutletFactory(key="cnn")
    response = staff_client.post(
        reverse("admin:quizapp_article_add"),
        {
            "text_file": upload,
            "outlet": outlet.pk,
            "headline": "Gallant warns",
            "published": "2024-04-14",
        },
    )
    assert response.status_code == 302
    assert "review__exact=draft" in response.url
    article = Article.objects.get(slug="gallant-warns")
    assert article.source_text() == "“It's not over yet,” Gallant said.\n"
    assert Claim.objects.get(passage__article=article).speaker.key == "gallant"


def test_admin_upload_refuses_a_file_that_is_not_utf8(staff_client, evidence):
    upload = SimpleUploadedFile("latin.txt", "Café".encode("latin-1"))
    response = staff_client.post(
        reverse("admin:quizapp_article_add"),
        {
            "text_file": upload,
            "outlet": OutletFactory(key="cnn").pk,
            "headline": "X",
            "published": "2024-04-14",
        },
    )
    assert response.status_code == 200
    assert "latin.txt: not UTF-8 text" in response.content.decode()
    assert not Article.objects.filter(slug="x").exists()
