"""Turning a plain-text article into an Article with verbatim Passages.

A passage is one line that has any non-white-space character in it; the line
breaks and blank lines after it are kept in ``Passage.separator`` so the joined
passages give back the source text byte for byte.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from quizapp.models import Article, Outlet, Passage, Story

# One limit for the command line and the admin upload. A long news article is about
# 30 KB and a hundred passages; anything far beyond is not one article.
MAX_ARTICLE_BYTES = 512 * 1024
MAX_PASSAGES = 400

PASSAGE_RE = re.compile(r"[^\r\n]*\S[^\r\n]*")

# Page furniture: text a web page wraps around an article, not reporting.
FURNITURE_RE = re.compile(
    r"^(Leave a Reply|Your email address will not be published\b.*|Most Popular|"
    r"read more:|Go deeper|Share this article|Related( articles)?:?)$",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4} - [A-Za-z ]+$")
INSERTED_LINK_RE = re.compile(r"^(See also\b|\[.*\]$)|Opens in new window", re.IGNORECASE)
CAPTION_RE = re.compile(
    r"(\((?:[^()]*/[^()]*|White House|Israel Defense Forces|AP|Reuters|AFP)\)$"
    r"|\bPhoto: |^In this photo\b)"
)
CREDITS_RE = re.compile(r"contributed to this report\.?$", re.IGNORECASE)


class ArticleImportError(ValueError):
    """A problem with an article file that a person can fix; the message says how."""


@dataclass(frozen=True)
class PassageText:
    position: int
    text: str
    separator: str
    kind: str


def split_passages(text: str) -> tuple[str, list[PassageText]]:
    """Split ``text`` into (leading white space, passages) without losing a character."""
    matches = list(PASSAGE_RE.finditer(text))
    if not matches:
        return text, []
    leading = text[: matches[0].start()]
    drafts = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        drafts.append(
            PassageText(
                position=index + 1,
                text=match.group(),
                separator=text[match.end() : end],
                kind=classify_passage(match.group()),
            )
        )
    return leading, drafts


def classify_passage(text: str) -> str:
    """Guess what a line is from how it looks; ``--kind`` corrects the guess."""
    line = text.strip()
    if INSERTED_LINK_RE.search(line):
        return Passage.Kind.INSERTED_LINK
    if FURNITURE_RE.match(line) or DATELINE_RE.match(line):
        return Passage.Kind.FURNITURE
    if CREDITS_RE.search(line):
        return Passage.Kind.CREDITS
    if CAPTION_RE.search(line):
        return Passage.Kind.CAPTION
    return Passage.Kind.REPORTING


def size_error(name: str, size: int) -> str | None:
    if size > MAX_ARTICLE_BYTES:
        return (
            f"{name}: {size / 1024:.0f} KB is more than one news article "
            f"(the limit is {MAX_ARTICLE_BYTES // 1024} KB). Import one article per file."
        )
    return None


def decode_article(raw: bytes, name: str) -> str:
    """Bytes of an uploaded or read file as article text, or a clear error naming it.
    A UTF-8 byte-order mark is dropped: it is not part of the text."""
    if error := size_error(name, len(raw)):
        raise ArticleImportError(error)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ArticleImportError(
            f"{name}: not UTF-8 text (byte {error.start} cannot be decoded). "
            "Save the article as UTF-8 plain text and import it again."
        ) from None
    if "\x00" in text:
        raise ArticleImportError(f"{name}: looks like a binary file, not plain text.")
    if not text.strip():
        raise ArticleImportError(f"{name}: the file is empty; there is no article text to import.")
    return text


def read_article_text(path: Path) -> str:
    if not path.exists():
        raise ArticleImportError(f"{path}: file not found.")
    if not path.is_file():
        raise ArticleImportError(f"{path}: not a file.")
    if error := size_error(str(path), path.stat().st_size):
        raise ArticleImportError(error)
    return decode_article(path.read_bytes(), str(path))


def find_outlet(value: str, *, option: str, create_name: str = "") -> Outlet:
    """The outlet named by key or name; with ``create_name``, an unknown one is created."""
    outlet = (
        Outlet.objects.filter(key=value).first()
        or Outlet.objects.filter(name__iexact=value).first()
    )
    if outlet is None and create_name:
        return outlet_create(key=value, name=create_name)
    if outlet is None:
        known = ", ".join(Outlet.objects.values_list("key", flat=True)) or "none yet"
        raise ArticleImportError(
            f"{option} {value!r}: unknown outlet. Known outlets: {known}. To add a new "
            f'outlet, pass --outlet-name "Its Full Name" too (or create it in admin, Outlets).'
        )
    return outlet


def outlet_create(*, key: str, name: str) -> Outlet:
    """A new outlet, validated; ``key`` may be a name, it is slugified."""
    outlet = Outlet(key=slugify(key)[:40], name=name.strip())
    try:
        outlet.full_clean()
    except ValidationError as error:
        raise ArticleImportError(f"New outlet {name!r}: {'; '.join(error.messages)}") from None
    outlet.save()
    return outlet


def find_story(value: str | None, *, create_title: str = "") -> Story:
    """The story an import goes into: by slug; with ``create_title``, created when new;
    none given, the only story there is (or the seed story)."""
    if value:
        story = Story.objects.filter(slug=value).first()
        if story is None and create_title:
            story = Story(slug=value, title=create_title.strip())
            try:
                story.full_clean()
            except ValidationError as error:
                raise ArticleImportError(
                    f"--story {value!r}: {'; '.join(error.messages)}"
                ) from None
            story.save()
        if story is not None:
            return story
    else:
        stories = list(Story.objects.order_by("id")[:2])
        story = Story.objects.filter(slug=Story.seed_slug()).first()
        if len(stories) == 1:
            return stories[0]
        if story is not None:
            return story
    known = ", ".join(Story.objects.values_list("slug", flat=True)) or "none yet"
    if not value:
        raise ArticleImportError(
            f"Which story does the article report? Pass --story SLUG (known stories: {known}), "
            'or start one with --story SLUG --story-title "What happened".'
        )
    raise ArticleImportError(
        f"--story {value or ''!r}: unknown story. Known stories: {known}. To start a new "
        'story, pass --story-title "What happened" with a new --story slug (or create it '
        "in admin, Stories)."
    )


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ArticleImportError(f"--published {value!r}: not a date; use YYYY-MM-DD.") from None


def parse_kind_overrides(values: list[str], passage_count: int) -> dict[int, str]:
    overrides = {}
    for value in values:
        anchor, _, kind = value.partition("=")
        match = re.fullmatch(r"p-(\d+)", anchor.strip())
        if not match or kind not in Passage.Kind.values:
            kinds = ", ".join(Passage.Kind.values)
            raise ArticleImportError(f"--kind {value!r}: use p-N=KIND with KIND one of {kinds}.")
        position = int(match.group(1))
        if not 1 <= position <= passage_count:
            raise ArticleImportError(
                f"--kind {value!r}: the article has passages p-1 to p-{passage_count}."
            )
        overrides[position] = kind
    return overrides


def passages_replace(article: Article, path: Path) -> None:
    """Clear an article's passages for a rebuild. Drafts nobody reviewed or edited go with
    them; anything an instructor confirmed or edited, or a question cites, keeps them, and
    we say so."""
    from django.db.models.deletion import ProtectedError

    from quizapp.evidence.drafting import drafts_discard

    try:
        with transaction.atomic():
            drafts_discard(article)
            article.passages.all().delete()
    except ProtectedError as error:
        raise ArticleImportError(
            f"{path}: {len(error.protected_objects)} confirmed or edited claims, figures or "
            f"question citations point at passages of {article.slug!r}; replacing the text would break "
            "them. Import the new text under another --slug instead."
        ) from None


def corpus_fixture_dir() -> Path:
    """The shipped corpus fixtures. Read by load_corpus; nothing writes here at run time."""
    return Path(settings.BASE_DIR) / "fixtures" / "corpus"


def corpus_load(directory: Path | None = None, *, progress=None):
    """Load outlets, stories and articles with their passages from natural-key fixtures
    (the shipped ones by default, or a folder written by export_content).

    Non-destructive (see quizapp.sources.seeding): a row is added, or updated only while it
    still holds what a fixture last wrote; nothing instructors created, edited or
    deleted is touched. Returns the Seeder, whose counts say what happened."""
    import json

    from django.core import serializers

    from quizapp.sources.seeding import Seeder

    directory = directory or corpus_fixture_dir()
    say = progress or (lambda message: None)
    first = [directory / "outlets.json", directory / "stories.json"]
    files = [p for p in first if p.exists()]
    files += sorted(p for p in directory.glob("*.json") if p not in first)
    seeder = Seeder()
    with transaction.atomic():
        for index, path in enumerate(files, start=1):
            say(f"[{index}/{len(files)}] {path.name}")
            data = path.read_text(encoding="utf-8")
            for item in serializers.deserialize("json", data, handle_forward_references=True):
                if item.deferred_fields:
                    seeder.counts["skipped (its article was deleted)"] += 1
                    continue
                obj = item.object
                model = type(obj)
                existing = model.objects.filter(pk=obj.pk).first() if obj.pk else None
                values = {
                    field.attname: getattr(obj, field.attname)
                    for field in model._meta.concrete_fields
                    if not field.primary_key
                }
                seeder.apply(model, json.dumps(obj.natural_key()), existing, values)
    return seeder


def default_slug(headline: str) -> str:
    return slugify(headline)[:80].strip("-")


def article_import(
    *,
    path: Path,
    outlet: str,
    headline: str,
    published: str,
    slug: str = "",
    story: str | None = None,
    story_title: str = "",
    outlet_name: str = "",
    original_outlet: str | None = None,
    copied: bool = False,
    published_note: str = "",
    copy_note: str = "",
    notes: str = "",
    kinds: list[str] | None = None,
    replace: bool = False,
    text: str | None = None,
    draft: bool = False,
    user=None,
) -> Article:
    """Create (or with ``replace`` rebuild) an article from a text file and, with
    ``draft``, draft its claims and figures — all in one transaction. Raises
    ArticleImportError and writes nothing (no row, no file) when anything is wrong."""
    # The file first: a missing or unreadable file is reported without touching the database.
    text = read_article_text(path) if text is None else text.removeprefix("\ufeff")
    try:
        with transaction.atomic():
            article = _article_import(
                path=path,
                outlet=outlet,
                headline=headline,
                published=published,
                slug=slug or default_slug(headline),
                story=story,
                story_title=story_title,
                outlet_name=outlet_name,
                original_outlet=original_outlet,
                copied=copied,
                published_note=published_note,
                copy_note=copy_note,
                notes=notes,
                kinds=kinds,
                replace=replace,
                text=text,
                user=user,
            )
            if draft:
                from quizapp.evidence.drafting import evidence_draft

                article.drafted = evidence_draft(article=article)
            return article
    except DatabaseError as error:
        raise ArticleImportError(
            f"{path}: the database refused the article ({error.__class__.__name__}: "
            f"{str(error).splitlines()[0] if str(error) else 'no detail'}); nothing was written."
        ) from None


def _article_import(
    *,
    path,
    outlet,
    headline,
    published,
    slug,
    story,
    story_title,
    outlet_name,
    original_outlet,
    copied,
    published_note,
    copy_note,
    notes,
    kinds,
    replace,
    text,
    user,
) -> Article:
    if error := size_error(str(path), len(text.encode("utf-8"))):
        raise ArticleImportError(error)
    if not slug:
        raise ArticleImportError("--slug is empty and the headline gives none; pass --slug.")
    if not headline.strip():
        raise ArticleImportError("--headline is empty; give the article's headline.")
    published_date = parse_date(published)
    leading, drafts = split_passages(text)
    if not drafts:
        raise ArticleImportError(f"{path}: the file is empty; there is no article text to import.")
    if len(drafts) > MAX_PASSAGES:
        raise ArticleImportError(
            f"{path}: {len(drafts)} passages (non-empty lines). A news article has at most a "
            f"few hundred; the limit is {MAX_PASSAGES}. Import one article per file."
        )
    overrides = parse_kind_overrides(kinds or [], len(drafts))
    existing = Article.objects.filter(slug=slug).first()
    if existing and not replace:
        raise ArticleImportError(
            f"{path}: an article with slug {slug!r} already exists. "
            "Use --replace to rebuild it from this file, or choose another --slug."
        )
    story_obj = find_story(story, create_title=story_title)
    outlet_obj = find_outlet(outlet, option="--outlet", create_name=outlet_name)
    original = find_outlet(original_outlet, option="--original-outlet") if original_outlet else None
    article = existing or Article(slug=slug, imported_by=user)
    article.story = story_obj
    article.outlet = outlet_obj
    article.headline = headline.strip()
    article.published = published_date
    article.published_note = published_note
    if copied and not original:
        raise ArticleImportError("--copied needs --original-outlet: name whose text was copied.")
    if not original:
        article.provenance = Article.Provenance.ORIGINAL
    elif copied:
        article.provenance = Article.Provenance.COPIED
    else:
        article.provenance = Article.Provenance.REPUBLISHED
    article.original_outlet = original
    article.copy_note = copy_note
    article.notes = notes
    article.source_file = path.name[:200]
    article.leading_text = leading
    article.coverage_reviewed = False  # new text: nobody has linked it to the facts yet
    passages = [
        Passage(
            position=draft.position,
            text=draft.text,
            separator=draft.separator,
            kind=overrides.get(
                draft.position,
                Passage.Kind.HEADLINE if draft.text.strip() == article.headline else draft.kind,
            ),
        )
        for draft in drafts
    ]
    article.credits = " ".join(p.text.strip() for p in passages if p.kind == Passage.Kind.CREDITS)
    try:
        article.full_clean()
    except ValidationError as error:
        raise ArticleImportError(f"{path}: {'; '.join(error.messages)}") from None
    article.save()
    if existing:
        passages_replace(article, path)
    for passage in passages:
        passage.article = article
    Passage.objects.bulk_create(passages)
    if article.source_text(passages) != text:  # pragma: no cover - guards the splitter
        raise ArticleImportError(
            f"{path}: the passages do not reproduce the text; nothing written."
        )
    return article
