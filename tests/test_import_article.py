import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quizapp.corpus import classify_passage, split_passages
from quizapp.models import Article, Passage

from .factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"
SOURCE_FILES = sorted(SOURCES.glob("*.txt"))


@pytest.fixture
def outlet():
    return OutletFactory(key="nyt", name="The New York Times")


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
        "--fixture-dir",
        str(tmp_path),
        "--no-draft",
        *extra,
        stdout=io.StringIO(),
    )


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_joined_passages_reproduce_each_source_text_exactly(source, outlet, tmp_path):
    run_import(source, tmp_path)
    article = Article.objects.get(slug="the-article")
    assert article.source_text() == source.read_text(encoding="utf-8")


def test_import_writes_a_natural_key_fixture_that_reloads(outlet, tmp_path):
    run_import(SOURCE_FILES[0], tmp_path)
    fixture = tmp_path / "the-article.json"
    Article.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    article = Article.objects.get(slug="the-article")
    assert article.source_text() == SOURCE_FILES[0].read_text(encoding="utf-8")
    assert all("pk" not in row for row in json.loads(fixture.read_text()))


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
    assert list(tmp_path.iterdir()) == []


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
    with pytest.raises(CommandError, match=r"latin\.txt: not UTF-8 text"):
        run_import(latin, tmp_path)
    assert not Article.objects.exists()


def test_binary_file_is_refused(outlet, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"PNG\x00\x00\x01")
    with pytest.raises(CommandError, match=r"image\.txt: looks like a binary file"):
        run_import(binary, tmp_path)


def test_unknown_outlet_is_refused_listing_known_ones(outlet, tmp_path):
    with pytest.raises(CommandError, match=r"--outlet 'bbc': unknown outlet\. Known outlets: nyt"):
        run_import(SOURCE_FILES[0], tmp_path, outlet="bbc")
    assert_nothing_written(tmp_path)


def test_bad_date_is_refused(outlet, tmp_path):
    with pytest.raises(CommandError, match=r"--published '14/04/2024': not a date"):
        call_command(
            "import_article", str(SOURCE_FILES[0]), "--outlet", "nyt", "--headline", "H",
            "--published", "14/04/2024", "--fixture-dir", str(tmp_path),
        )  # fmt: skip


def test_duplicate_slug_without_replace_is_refused_and_keeps_the_old_article(outlet, tmp_path):
    ArticleFactory(slug="the-article", outlet=outlet, headline="Old headline")
    with pytest.raises(CommandError, match=r"slug 'the-article' already exists\. Use --replace"):
        run_import(SOURCE_FILES[0], tmp_path)
    assert Article.objects.get(slug="the-article").headline == "Old headline"
    assert list(tmp_path.iterdir()) == []


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
            "--replace", "--fixture-dir", str(tmp_path), stdout=io.StringIO(),
        )  # fmt: skip
    assert Article.objects.get(slug="toi-white-house-not-seeking-war").passages.count() == 51
    assert list(tmp_path.iterdir()) == []
