"""Turning a plain-text article into an Article with verbatim Passages.

A passage is one line that has any non-white-space character in it; the line
breaks and blank lines after it are kept in ``Passage.separator`` so the joined
passages give back the source text byte for byte.
"""

import datetime
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Article, Outlet, Passage

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
class PassageDraft:
    position: int
    text: str
    separator: str
    kind: str


def split_passages(text: str) -> tuple[str, list[PassageDraft]]:
    """Split ``text`` into (leading white space, passages) without losing a character."""
    matches = list(PASSAGE_RE.finditer(text))
    if not matches:
        return text, []
    leading = text[: matches[0].start()]
    drafts = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        drafts.append(
            PassageDraft(
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


def decode_article(raw: bytes, name: str) -> str:
    """Bytes of an uploaded or read file as article text, or a clear error naming it."""
    try:
        text = raw.decode("utf-8")
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
    return decode_article(path.read_bytes(), str(path))


def find_outlet(value: str, *, option: str) -> Outlet:
    outlet = (
        Outlet.objects.filter(key=value).first()
        or Outlet.objects.filter(name__iexact=value).first()
    )
    if outlet is None:
        known = ", ".join(Outlet.objects.values_list("key", flat=True)) or "none yet"
        raise ArticleImportError(f"{option} {value!r}: unknown outlet. Known outlets: {known}.")
    return outlet


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
    """Clear an article's passages for a rebuild. Unconfirmed drafts go with them;
    anything an instructor confirmed or a question cites keeps them, and we say so."""
    from django.db.models.deletion import ProtectedError

    from .models import Claim, Figure

    for model in (Claim, Figure):
        model.objects.filter(passage__article=article, origin="drafted", review="draft").delete()
    try:
        with transaction.atomic():
            article.passages.all().delete()
    except ProtectedError as error:
        raise ArticleImportError(
            f"{path}: {len(error.protected_objects)} confirmed claims, figures or question "
            f"citations point at passages of {article.slug!r}; replacing the text would break "
            "them. Import the new text under another --slug instead."
        ) from None


def corpus_fixture_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "corpus"


@transaction.atomic
def article_import(
    *,
    path: Path,
    outlet: str,
    headline: str,
    published: str,
    slug: str,
    original_outlet: str | None = None,
    copied: bool = False,
    published_note: str = "",
    copy_note: str = "",
    notes: str = "",
    kinds: list[str] | None = None,
    replace: bool = False,
    fixture_dir: Path | None = None,
    write_fixture: bool = True,
    text: str | None = None,
) -> Article:
    """Create (or with ``replace`` rebuild) an article from a text file, and write its
    fixture. Raises ArticleImportError and writes nothing when anything is wrong."""
    text = read_article_text(path) if text is None else text
    outlet_obj = find_outlet(outlet, option="--outlet")
    original = find_outlet(original_outlet, option="--original-outlet") if original_outlet else None
    published_date = parse_date(published)
    if not headline.strip():
        raise ArticleImportError("--headline is empty; give the article's headline.")
    leading, drafts = split_passages(text)
    overrides = parse_kind_overrides(kinds or [], len(drafts))

    existing = Article.objects.filter(slug=slug).first()
    if existing and not replace:
        raise ArticleImportError(
            f"{path}: an article with slug {slug!r} already exists. "
            "Use --replace to rebuild it from this file, or choose another --slug."
        )
    article = existing or Article(slug=slug)
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
    article.source_file = path.name
    article.leading_text = leading
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
    if write_fixture:
        write_article_fixture(article, passages, fixture_dir or corpus_fixture_dir())
    return article


def write_article_fixture(article: Article, passages: list[Passage], directory: Path) -> Path:
    """Write the article and its passages as a natural-key fixture, atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{article.slug}.json"
    data = serializers.serialize(
        "json",
        [article, *passages],
        indent=2,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        ensure_ascii=False,
    )
    handle, temp_name = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(data + "\n")
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
