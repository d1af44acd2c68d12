import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, PassageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """The reader needs a login (open-book reading stays allowed to every user)."""
    client.force_login(UserFactory(username="reader"))
    return client


def test_the_reader_needs_a_login(django_user_model, corpus):
    from django.test import Client

    anonymous = Client()
    for url in (reverse("article_list"), detail_url(TOI)):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


TOI = "toi-white-house-not-seeking-war"


def detail_url(slug, **params):
    from urllib.parse import urlencode

    url = reverse("article_detail", args=[slug])
    return f"{url}?{urlencode(params)}" if params else url


def test_article_list_groups_articles_by_outlet_with_provenance(client, corpus):
    response = client.get(reverse("article_list"))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("ABC News", "Axios", "CNN", "The New York Times", "The Times of Israel"):
        assert f">{name}</h2>" in html
    assert html.count("badge-republished") == 3
    assert html.count("badge-original") == 2


def test_every_passage_is_anchored(client, corpus):
    article = corpus[TOI]
    html = client.get(detail_url(TOI)).content.decode()
    for position in range(1, article.passages.count() + 1):
        assert f'id="p-{position}"' in html


def test_source_panel_shows_outlet_date_credits_and_copy(client, corpus):
    html = client.get(detail_url("abc-us-to-israel-respond-alone")).content.decode()
    assert "Copied from ABC News onto a third-party site" in html
    assert "15 April 2024" in html
    assert "Martha Raddatz" in html
    assert "Copied onto a third-party website" in html


def test_furniture_and_inserted_links_are_visibly_marked(client, corpus):
    html = client.get(detail_url("cnn-biden-no-counterstrike")).content.decode()
    assert html.count('<span class="kind-tag">inserted link</span>') == 3
    assert html.count('<span class="kind-tag">page furniture</span>') == 3


def test_highlight_marks_the_exact_words(client, corpus):
    html = client.get(detail_url(TOI, highlight="our commitment is ironclad")).content.decode()
    assert "<mark>our commitment is ironclad</mark>" in html
    assert "data-first-highlight" in html
    assert "jump to the passage" in html


def test_highlight_with_curly_quotes_matches_verbatim(client, corpus):
    words = "a calculation the Israelis have to make."
    html = client.get(detail_url(TOI, highlight=words)).content.decode()
    assert f"<mark>{words}</mark>" in html


def test_highlight_not_in_the_article_says_so(client, corpus):
    html = client.get(detail_url(TOI, highlight="words nobody wrote")).content.decode()
    assert "<mark>words" not in html.split("do not occur")[0]
    assert "do not occur in this article" in html


def test_highlight_is_escaped(client):
    article = ArticleFactory()
    PassageFactory(article=article, position=1, text="Iran said <b>nothing</b> & left.")
    payload = "<script>alert(1)</script>"
    html = client.get(detail_url(article.slug, highlight=payload)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    marked = client.get(detail_url(article.slug, highlight="<b>nothing</b>")).content.decode()
    assert "<mark>&lt;b&gt;nothing&lt;/b&gt;</mark>" in marked


def test_oversized_highlight_marks_nothing_and_says_why(client, corpus):
    response = client.get(detail_url(TOI, highlight="x" * 5000))
    assert response.status_code == 200
    assert "too long" in response.content.decode()


def test_unknown_article_is_a_404_in_the_site_style(client):
    response = client.get(detail_url("no-such-article"))
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()


def test_base_template_has_skip_link_and_landmarks(client, corpus):
    html = client.get(detail_url(TOI)).content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html


def test_reader_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small = ArticleFactory()
    PassageFactory.create_batch(3, article=small)
    large = ArticleFactory()
    PassageFactory.create_batch(200, article=large)
    for article in (small, large):
        with django_assert_max_num_queries(4):
            assert client.get(detail_url(article.slug, highlight="Passage")).status_code == 200


def test_article_list_runs_a_fixed_number_of_queries(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get(reverse("article_list")).status_code == 200


def test_reader_rejects_post(client, corpus):
    assert client.post(detail_url(TOI)).status_code == 405
