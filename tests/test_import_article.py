import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quizapp.models import Article, Outlet, Passage, Story
from quizapp.sources.corpus import classify_passage, split_passages
from tests.factories import ArticleFactory, OutletFactory, PassageFactory, StoryFactory

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"
SOURCE_FILES = sorted(SOURCES.glob("*.txt"))


@pytest.fixture
def outlet():
    StoryFactory(slug="the-story")
    return OutletFactory(key="nyt", name="The New York Times")


def fixture_files():
    """Every file under fixtures/ with its size and mtime: imports must not touch them."""
    root = Path(settings.BASE_DIR) / "fixtures"
    return {(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@pytest.fixture(autouse=True)
def _fixtures_untouched():
    before = fixture_files()
    yield
    assert fixture_files() == before, "an import wrote into fixtures/"


def run_import(path, tmp_path, *extra, outlet="nyt", slug="the-article"):
    call_command(
        "import_article",
        str(path),
        "--outlet",
        outlet,
        "--headline",
        "A headline",
        "--published",
        "2024-04-14",
        "--slug",
        slug,
        "--no-draft",
        *extra,
        stdout=io.StringIO(),
    )


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_joined_passages_reproduce_each_source_text_exactly(source, outlet, tmp_path):
    run_import(source, tmp_path)
    article = Article.objects.get(slug="the-article")
    assert article.source_text() == source.read_text(encoding="utf-8")


def test_split_keeps_leading_blank_lines_and_crlf():
    text = "\n\nFirst line\r\n\r\n  • Second line\n"
    leading, drafts = split_passages(text)
    assert leading + "".join(d.text + d.separator for d in drafts) == text
    assert [d.text for d in drafts] == ["First line", "  • Second line"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("See also  Ukraine's war could be a 'blessing' for the climate", "inserted_link"),
        (
            "[ Iran crisis may ease pressure on Israel over Gaza, diplomats warnOpens in new window ]",
            "inserted_link",
        ),
        ("Leave a Reply", "furniture"),
        ("Your email address will not be published. Required fields are marked *", "furniture"),
        ("Apr 1, 2024 - World", "furniture"),
        ("Go deeper", "furniture"),
        ("Times of Israel staff contributed to this report.", "credits"),
        (
            "An Iranian drone is seen shortly before being shot down, April 14, 2024. (Israel Defense Forces)",
            "caption",
        ),
        ("Interceptor missiles are fired, on April 14, 2024. (Tomer Neuberg/Flash90)", "caption"),
        ("Iran launched hundreds of drones and missiles at Israel on Saturday night.", "reporting"),
    ],
)
def test_classify_passage_marks_furniture_links_captions_and_credits(line, kind):
    assert classify_passage(line) == kind


def test_kind_option_corrects_a_guess(outlet, tmp_path):
    run_import(SOURCE_FILES[0], tmp_path, "--kind", "p-2=caption")
    assert Passage.objects.get(article__slug="the-article", position=2).kind == "caption"


def assert_nothing_written(tmp_path):
    assert not Article.objects.filter(slug="the-article").exists()
    assert not Passage.objects.filter(article__slug="the-article").exists()


def test_missing_file_is_refused_naming_it(outlet, tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(CommandError, match=r"nope\.txt: file not found"):
        run_import(missing, tmp_path)
    assert_nothing_written(tmp_path)


def test_empty_file_is_refused(outlet, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    with pytest.raises(CommandError, match=r"empty\.txt: the file is empty"):
        run_import(empty, tmp_path)
    assert not Article.objects.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["empty.txt"]


def test_non_utf8_file_is_refused(outlet, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin\.txt: not UTF-8 text") as refused:
        run_import(latin, tmp_path)
    assert not Article.objects.exists()
    assert str(refused.value) == (
        f"{latin}: not UTF-8 text (byte 3 cannot be decoded). "
        "Save the article as UTF-8 plain text and import it again."
    )


def test_binary_file_is_refused(outlet, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"PNG\x00\x00\x01")
    with pytest.raises(CommandError, match=r"image\.txt: looks like a binary file"):
        run_import(binary, tmp_path)


def test_unknown_outlet_is_refused_listing_known_ones(outlet, tmp_path):
    with pytest.raises(
        CommandError, match=r"--outlet 'bbc': unknown outlet\. Known outlets: nyt.*--outlet-name"
    ):
        run_import(SOURCE_FILES[0], tmp_path, outlet="bbc")
    assert_nothing_written(tmp_path)


def test_bad_date_is_refused(outlet, tmp_path):
    with pytest.raises(CommandError, match=r"--published '14/04/2024': not a date"):
        call_command(
            "import_article", str(SOURCE_FILES[0]), "--outlet", "nyt", "--headline", "H",
            "--published", "14/04/2024",
        )  # fmt: skip


def test_duplicate_slug_without_replace_is_refused_and_keeps_the_old_article(outlet, tmp_path):
    ArticleFactory(slug="the-article", outlet=outlet, headline="Old headline")
    with pytest.raises(CommandError, match=r"slug 'the-article' already exists\. Use --replace"):
        run_import(SOURCE_FILES[0], tmp_path)
    assert Article.objects.get(slug="the-article").headline == "Old headline"


def test_replace_rebuilds_the_article(outlet, tmp_path):
    run_import(SOURCE_FILES[0], tmp_path)
    run_import(SOURCE_FILES[1], tmp_path, "--replace")
    article = Article.objects.get(slug="the-article")
    assert article.source_text() == SOURCE_FILES[1].read_text(encoding="utf-8")
    assert Article.objects.count() == 1


def test_command_exits_non_zero_with_the_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_article", str(tmp_path / "missing.txt"),
         "--outlet", "nyt", "--headline", "H", "--published", "2024-04-14"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "missing.txt: file not found" in result.stderr


def test_replace_refuses_when_confirmed_evidence_cites_the_passages(evidence, tmp_path):
    with pytest.raises(
        CommandError, match=r"point at passages of 'toi-white-house-not-seeking-war'"
    ):
        call_command(
            "import_article", str(SOURCE_FILES[3]), "--outlet", "toi", "--headline", "H",
            "--published", "2024-04-14", "--slug", "toi-white-house-not-seeking-war",
            "--replace", stdout=io.StringIO(),
        )  # fmt: skip
    assert Article.objects.get(slug="toi-white-house-not-seeking-war").passages.count() == 51


# --- open content: stories, new outlets, one transaction, limits ------------------


def test_outlet_name_creates_an_unknown_outlet_and_story_title_a_new_story(outlet, tmp_path):
    run_import(
        SOURCE_FILES[0], tmp_path, "--outlet-name", "The Springfield Courier",
        "--story", "springfield", "--story-title", "Springfield news", outlet="courier",
    )  # fmt: skip
    article = Article.objects.get(slug="the-article")
    assert article.outlet.name == "The Springfield Courier"
    assert article.story.title == "Springfield news"
    assert not article.coverage_reviewed


def test_unknown_story_is_refused_saying_how_to_create_it(outlet, tmp_path):
    with pytest.raises(
        CommandError, match=r"unknown story\. Known stories: the-story.*--story-title"
    ):
        run_import(SOURCE_FILES[0], tmp_path, "--story", "nope")
    assert_nothing_written(tmp_path)


def test_a_byte_order_mark_is_dropped(outlet, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFirst line\n\nSecond line\n".encode())
    run_import(path, tmp_path)
    assert Article.objects.get(slug="the-article").source_text() == "First line\n\nSecond line\n"


def test_long_whitespace_runs_are_kept(outlet, tmp_path):
    path = tmp_path / "spaces.txt"
    text = "First line" + " " * 300 + "\n" + "\n" * 200 + "Second" + "\t" * 100 + "line\n"
    path.write_text(text, encoding="utf-8")
    run_import(path, tmp_path)
    assert Article.objects.get(slug="the-article").source_text() == text


def test_a_file_over_the_size_limit_is_refused_with_the_limit(outlet, tmp_path):
    from quizapp.sources.corpus import MAX_ARTICLE_BYTES

    path = tmp_path / "huge.txt"
    path.write_text("A line of reporting.\n" * (MAX_ARTICLE_BYTES // 20), encoding="utf-8")
    with pytest.raises(CommandError, match=r"huge\.txt: .* KB is more than one news article"):
        run_import(path, tmp_path)
    assert_nothing_written(tmp_path)


def test_too_many_passages_are_refused(outlet, tmp_path):
    from quizapp.sources.corpus import MAX_PASSAGES

    path = tmp_path / "many.txt"
    path.write_text("".join(f"Line {n}.\n" for n in range(MAX_PASSAGES + 1)), encoding="utf-8")
    with pytest.raises(CommandError, match=rf"{MAX_PASSAGES + 1} passages .* the limit is"):
        run_import(path, tmp_path)
    assert_nothing_written(tmp_path)


def test_long_headline_default_slug_imports_and_drafts(evidence, tmp_path):
    headline = "Kirby says " + "the United States will not take part in any strike " * 6
    call_command(
        "import_article", str(SOURCE_FILES[4]), "--outlet", "cnn", "--headline", headline[:290],
        "--published", "2024-04-15", stdout=io.StringIO(),
    )  # fmt: skip
    article = Article.objects.get(headline=headline[:290].strip())
    assert len(article.slug) <= 80
    from quizapp.models import Claim

    keys = list(Claim.objects.filter(passage__article=article).values_list("key", flat=True))
    assert len(keys) > 3 and len(set(keys)) == len(keys)


def test_a_failure_while_drafting_leaves_no_row(outlet, tmp_path, monkeypatch):
    from django.db import IntegrityError

    def broken(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: quizapp_claim.key")

    monkeypatch.setattr("quizapp.evidence.drafting.evidence_draft", broken)
    with pytest.raises(
        CommandError, match=r"the database refused the article .* nothing was written"
    ) as refused:
        call_command(
            "import_article", str(SOURCE_FILES[0]), "--outlet", "nyt", "--headline", "H",
            "--published", "2024-04-14", "--slug", "the-article", stdout=io.StringIO(),
        )  # fmt: skip
    assert str(refused.value) == (
        f"{SOURCE_FILES[0]}: the database refused the article (IntegrityError: UNIQUE "
        "constraint failed: quizapp_claim.key); nothing was written."
    )
    assert_nothing_written(tmp_path)
    assert not Passage.objects.exists()


# --- the admin upload --------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="uploader", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    return client


def upload(client, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    data = {
        "text_file": SimpleUploadedFile("local.txt", b"The council met on Monday.\n"),
        "headline": "Council meets",
        "published": "2024-05-01",
        **fields,
    }
    return client.post(reverse("admin:quizapp_article_add"), data)


def test_admin_upload_creates_a_new_outlet_and_story(staff_client):
    response = upload(
        staff_client, new_outlet_name="The Springfield Courier", new_story_title="Council budget"
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="council-meets")
    assert (article.outlet.name, article.story.title) == (
        "The Springfield Courier",
        "Council budget",
    )
    assert article.imported_by.username == "uploader"


def test_admin_upload_never_answers_500_and_leaves_nothing(staff_client, monkeypatch):
    from django.db import IntegrityError

    def broken(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: quizapp_claim.key")

    monkeypatch.setattr("quizapp.evidence.drafting.evidence_draft", broken)
    response = upload(staff_client, new_outlet_name="Courier", new_story_title="Budget")
    assert response.status_code == 200
    assert "nothing was written" in response.content.decode()
    assert not Article.objects.exists()
    from quizapp.models import Outlet, Story

    assert not Outlet.objects.filter(name="Courier").exists()
    assert not Story.objects.filter(title="Budget").exists()


def test_admin_upload_over_the_limit_says_so(staff_client, monkeypatch):
    monkeypatch.setattr("quizapp.admin.sources.MAX_ARTICLE_BYTES", 10)
    response = upload(staff_client, new_outlet_name="Courier")
    assert response.status_code == 200
    assert "is more than one news article" in response.content.decode()
    assert not Article.objects.exists()


# --- outlets, provenance, replacing drafts (every branch of quizapp/sources/corpus.py) ------


def test_a_folder_is_refused_as_not_a_file(outlet, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    with pytest.raises(CommandError, match=rf"^{folder}: not a file\.$"):
        run_import(folder, tmp_path)
    assert_nothing_written(tmp_path)


def test_the_outlet_may_be_named_by_its_full_name_in_any_case(outlet, tmp_path):
    run_import(SOURCE_FILES[0], tmp_path, outlet="the new york times")
    assert Article.objects.get(slug="the-article").outlet == outlet
    assert Outlet.objects.count() == 1


def test_a_new_outlets_key_is_the_slug_of_outlet_cut_to_the_column(outlet, tmp_path):
    run_import(
        SOURCE_FILES[0], tmp_path, "--outlet-name", "  The Springfield Courier ",
        outlet="Springfield Courier",
    )  # fmt: skip
    courier = Article.objects.get(slug="the-article").outlet
    assert (courier.key, courier.name) == ("springfield-courier", "The Springfield Courier")
    long_name = "The Springfield County Evening Courier and Gazette"
    run_import(
        SOURCE_FILES[1], tmp_path, "--outlet-name", long_name, outlet=long_name, slug="second"
    )
    gazette = Article.objects.get(slug="second").outlet
    assert gazette.key == "the-springfield-county-evening-courier-a"  # 40 characters
    assert gazette.name == long_name


def test_a_new_outlet_that_breaks_a_rule_is_refused_with_every_reason(outlet, tmp_path):
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[0], tmp_path, "--outlet-name", "The New York Times", outlet="???")
    assert str(refused.value) == (
        "New outlet 'The New York Times': This field cannot be blank.; "
        "Outlet with this Name already exists."
    )
    assert_nothing_written(tmp_path)
    assert Outlet.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "provenance", "original"),
    [
        ((), "original", None),
        (("--original-outlet", "nyt"), "republished", "nyt"),
        (("--original-outlet", "The New York Times", "--copied"), "copied", "nyt"),
    ],
)
def test_provenance_follows_original_outlet_and_copied(
    outlet, tmp_path, extra, provenance, original
):
    OutletFactory(key="courier", name="The Springfield Courier")
    run_import(SOURCE_FILES[0], tmp_path, *extra, outlet="courier")
    article = Article.objects.get(slug="the-article")
    assert article.provenance == provenance
    assert (article.original_outlet.key if article.original_outlet else None) == original


def test_copied_without_an_original_outlet_is_refused(outlet, tmp_path):
    with pytest.raises(
        CommandError, match=r"^--copied needs --original-outlet: name whose text was copied\.$"
    ):
        run_import(SOURCE_FILES[0], tmp_path, "--copied")
    assert_nothing_written(tmp_path)


def test_an_unknown_original_outlet_is_refused_not_created(outlet, tmp_path):
    OutletFactory(key="abc", name="ABC News")
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[0], tmp_path, "--original-outlet", "bbc")
    assert str(refused.value) == (
        "--original-outlet 'bbc': unknown outlet. Known outlets: abc, nyt. To add a new "
        'outlet, pass --outlet-name "Its Full Name" too (or create it in admin, Outlets).'
    )
    assert_nothing_written(tmp_path)
    assert sorted(Outlet.objects.values_list("key", flat=True)) == ["abc", "nyt"]


def test_with_no_outlets_yet_the_refusal_says_so(tmp_path):
    StoryFactory(slug="the-story")
    with pytest.raises(
        CommandError, match=r"^--outlet 'bbc': unknown outlet\. Known outlets: none yet\."
    ):
        run_import(SOURCE_FILES[0], tmp_path, outlet="bbc")
    assert not Outlet.objects.exists()


def drafted_claim(passage, *, origin="drafted", review="draft"):
    """A claim as drafting wrote it: its key ends with the fingerprint of what it says, so
    it counts as untouched until someone edits it."""
    from quizapp.evidence.drafting.saving import _claim_fingerprint, _key
    from tests.factories import ClaimFactory

    claim = ClaimFactory(passage=passage, origin=origin, review=review)
    digest = _claim_fingerprint(
        passage.pk, claim.quote, claim.speaker_id, claim.speaker_text, claim.sourcing, claim.kind
    )
    claim.key = _key("q", passage.article, passage, digest)
    claim.save()
    return claim


def test_replace_drops_only_this_articles_unconfirmed_drafts(outlet, tmp_path):
    """Drafting proposed claims from the old text; nobody confirmed them, so rebuilding the
    article throws them away with the old passages. Another article's drafts stay."""
    from quizapp.models import Claim

    run_import(SOURCE_FILES[0], tmp_path)
    own = drafted_claim(Passage.objects.get(article__slug="the-article", position=1))
    other = drafted_claim(
        PassageFactory(article=ArticleFactory(outlet=outlet, story=StoryFactory(slug="the-story")))
    )
    run_import(SOURCE_FILES[1], tmp_path, "--replace")
    assert not Claim.objects.filter(pk=own.pk).exists()
    assert Claim.objects.filter(pk=other.pk).exists()
    article = Article.objects.get(slug="the-article")
    assert article.source_text() == SOURCE_FILES[1].read_text(encoding="utf-8")


def test_replace_keeps_confirmed_and_curated_claims_and_refuses(outlet, tmp_path):
    """A drafted claim an instructor confirmed, and a curated claim even while in draft,
    are someone's work: the rebuild is refused, counting them, and nothing changes."""
    from quizapp.models import Claim

    run_import(SOURCE_FILES[0], tmp_path)
    first, second, third = Passage.objects.filter(article__slug="the-article")[:3]
    drafted_claim(first)
    drafted_claim(second, review="confirmed")
    drafted_claim(third, origin="curated")
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[1], tmp_path, "--replace")
    assert str(refused.value) == (
        f"{SOURCE_FILES[1]}: 2 confirmed or edited claims, figures or question citations point at "
        "passages of 'the-article'; replacing the text would break them. Import the new "
        "text under another --slug instead."
    )
    assert Claim.objects.count() == 3
    article = Article.objects.get(slug="the-article")
    assert article.source_text() == SOURCE_FILES[0].read_text(encoding="utf-8")


def test_the_default_slug_never_ends_in_a_hyphen():
    from quizapp.sources.corpus import default_slug

    headline = "a" * 79 + " b"  # the 80th character of the slug is the hyphen
    assert default_slug(headline) == "a" * 79
    assert default_slug("  Iran’s drones: what we know  ") == "irans-drones-what-we-know"


# --- which story an import goes into -------------------------------------------------


def test_story_names_an_existing_story_among_several(outlet, tmp_path):
    other = StoryFactory(slug="other-story")
    run_import(SOURCE_FILES[0], tmp_path, "--story", "other-story")
    assert Article.objects.get(slug="the-article").story == other
    assert Story.objects.count() == 2


def test_without_story_the_seed_story_is_taken_when_there_are_several(tmp_path):
    OutletFactory(key="nyt", name="The New York Times")
    StoryFactory(slug="a-first-story")
    seed = StoryFactory(slug=Story.seed_slug())
    run_import(SOURCE_FILES[0], tmp_path)
    assert Article.objects.get(slug="the-article").story == seed


def test_without_story_and_no_seed_story_the_import_asks_which(outlet, tmp_path):
    StoryFactory(slug="other-story")
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[0], tmp_path)
    known = re.escape("the-story, other-story"), re.escape("other-story, the-story")
    assert re.fullmatch(
        rf"Which story does the article report\? Pass --story SLUG \(known stories: "
        rf"({known[0]}|{known[1]})\), or start one with --story SLUG --story-title "
        r'"What happened"\.',
        str(refused.value),
    ), refused.value
    assert_nothing_written(tmp_path)


def test_with_no_stories_yet_the_refusal_says_so(tmp_path):
    OutletFactory(key="nyt", name="The New York Times")
    with pytest.raises(CommandError, match=r"\(known stories: none yet\)"):
        run_import(SOURCE_FILES[0], tmp_path)
    with pytest.raises(CommandError, match=r"unknown story\. Known stories: none yet\. "):
        run_import(SOURCE_FILES[0], tmp_path, "--story", "nope")
    assert not Story.objects.exists()


def test_a_new_story_that_breaks_a_rule_is_refused_with_every_reason(outlet, tmp_path):
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[0], tmp_path, "--story", "Bad slug!", "--story-title", "T" * 201)
    assert str(refused.value) == (
        "--story 'Bad slug!': Enter a valid “slug” consisting of letters, numbers, "
        "underscores or hyphens.; Ensure this value has at most 200 characters (it has 201)."
    )
    assert_nothing_written(tmp_path)
    assert list(Story.objects.values_list("slug", flat=True)) == ["the-story"]


def test_an_unknown_story_refusal_names_it_and_says_how_to_start_one(outlet, tmp_path):
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[0], tmp_path, "--story", "nope")
    assert str(refused.value) == (
        "--story 'nope': unknown story. Known stories: the-story. To start a new story, pass "
        '--story-title "What happened" with a new --story slug (or create it in admin, Stories).'
    )


# --- --kind p-N=KIND ------------------------------------------------------------------

KINDS = "reporting, headline, caption, credits, inserted_link, furniture"


@pytest.mark.parametrize("value", ["p-2=nonsense", "p2=caption", "2=caption", "p-2", "p-x=caption"])
def test_a_malformed_kind_is_refused_listing_the_kinds(outlet, tmp_path, value):
    with pytest.raises(CommandError) as refused:
        run_import(SOURCE_FILES[0], tmp_path, "--kind", value)
    assert str(refused.value) == f"--kind {value!r}: use p-N=KIND with KIND one of {KINDS}."
    assert_nothing_written(tmp_path)


def test_a_kind_for_a_passage_the_article_lacks_is_refused(outlet, tmp_path):
    path = tmp_path / "three.txt"
    path.write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    for value in ("p-0=caption", "p-4=caption"):
        with pytest.raises(CommandError) as refused:
            run_import(path, tmp_path, "--kind", value)
        assert str(refused.value) == f"--kind {value!r}: the article has passages p-1 to p-3."
    run_import(path, tmp_path, "--kind", "p-1=headline", "--kind", "p-3=credits")
    kinds = Passage.objects.filter(article__slug="the-article").order_by("position")
    assert list(kinds.values_list("kind", flat=True)) == ["headline", "reporting", "credits"]


def test_decoding_refuses_more_bytes_than_one_article_naming_the_file():
    """The limit holds on the bytes themselves, whatever size the caller was told (an
    upload's declared size, a file that grew after it was measured)."""
    from quizapp.sources.corpus import MAX_ARTICLE_BYTES, ArticleImportError, decode_article

    with pytest.raises(ArticleImportError) as refused:
        decode_article(b"a" * (MAX_ARTICLE_BYTES + 1024), "big.txt")
    assert str(refused.value) == (
        "big.txt: 513 KB is more than one news article (the limit is 512 KB). "
        "Import one article per file."
    )
    assert decode_article(b"a" * MAX_ARTICLE_BYTES, "full.txt") == "a" * MAX_ARTICLE_BYTES


def test_article_import_with_only_what_is_required_is_the_safe_import(outlet, tmp_path):
    """The service on its own (the evaluation and any script call it with few arguments):
    the slug comes from the headline, the copy is an original, nothing is drafted, no
    note is invented, an unknown outlet or story is refused rather than created, and an
    existing slug is refused rather than replaced."""
    from quizapp.models import Claim
    from quizapp.sources.corpus import ArticleImportError, article_import

    def bare(**changes):
        arguments = {
            "path": tmp_path / "local.txt",
            "text": "The council met on Monday.\n",
            "outlet": "nyt",
            "headline": "Council meets",
            "published": "2024-05-01",
            **changes,
        }
        return article_import(**arguments)

    article = bare()
    assert article.slug == "council-meets"
    assert article.provenance == "original" and article.original_outlet is None
    assert (article.published_note, article.copy_note, article.notes) == ("", "", "")
    assert not hasattr(article, "drafted") and not Claim.objects.exists()
    with pytest.raises(ArticleImportError, match=r"slug 'council-meets' already exists"):
        bare(text="Another text.\n")
    assert Article.objects.get().source_text() == "The council met on Monday.\n"
    with pytest.raises(ArticleImportError, match=r"--outlet 'courier': unknown outlet"):
        bare(outlet="courier", slug="other")
    with pytest.raises(ArticleImportError, match=r"--story 'nope': unknown story"):
        bare(story="nope", slug="other")
    assert (Article.objects.count(), Outlet.objects.count(), Story.objects.count()) == (1, 1, 1)


def test_article_import_given_text_drops_a_byte_order_mark_and_keeps_the_limits(outlet, tmp_path):
    """Text handed over already read (the admin upload) obeys the same rules as a file:
    a byte-order mark is not part of the article, the size limit names the file, and a
    headline with no letters for a slug is refused with what to do."""
    from quizapp.sources.corpus import MAX_ARTICLE_BYTES, ArticleImportError, article_import

    path = tmp_path / "upload.txt"

    def given(text, **changes):
        arguments = {
            "path": path,
            "outlet": "nyt",
            "headline": "Council",
            "published": "2024-05-01",
        }
        return article_import(text=text, **{**arguments, **changes})

    article = given("\ufeffThe council met.\n")
    assert article.source_text() == "The council met.\n"
    with pytest.raises(ArticleImportError) as refused:
        given("a" * (MAX_ARTICLE_BYTES + 1024), slug="big")
    assert str(refused.value).startswith(f"{path}: 513 KB is more than one news article")
    with pytest.raises(ArticleImportError) as refused:
        given("Some text.\n", headline="???")
    assert str(refused.value) == "--slug is empty and the headline gives none; pass --slug."
    with pytest.raises(ArticleImportError) as refused:
        given(" \n\n\t\n", slug="blank")
    assert str(refused.value) == f"{path}: the file is empty; there is no article text to import."
    with pytest.raises(ArticleImportError) as refused:
        given("Some text.\n", slug="s" * 81, headline="H" * 301)
    assert str(refused.value) == (
        f"{path}: Ensure this value has at most 80 characters (it has 81).; "
        "Ensure this value has at most 300 characters (it has 301)."
    )
    assert Article.objects.count() == 1
