"""Saving drafts without touching an instructor's work: fingerprinted keys, discarding, re-drafting."""

import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from quizapp.evidence.drafting.claims import (
    draft_claims,
)
from quizapp.evidence.drafting.figures import (
    draft_figures,
)
from quizapp.evidence.drafting.speakers import (
    People,
)
from quizapp.models import Article, Claim, EvidenceReview, Figure, Passage, Person
from quizapp.models.evidence import EvidenceOrigin

# --------------------------------------------------------------------------- saving


def _digest(*parts) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:10]


def _claim_fingerprint(passage_id, quote, speaker_id, speaker_text, sourcing, kind) -> str:
    return _digest("claim", passage_id, quote, speaker_id or "", speaker_text, sourcing, kind)


def _figure_fingerprint(
    passage_id, quote, value, value_text, qualifier, measure, attributed
) -> str:
    value = "" if value is None else f"{Decimal(value).normalize():f}"
    return _digest("figure", passage_id, quote, value, value_text, qualifier, measure, attributed)


def _key(prefix: str, article: Article, passage: Passage, digest: str) -> str:
    """Unique and at most 80 characters whatever the slug's length: the digest covers
    the passage and the drafted content, the slug part is only for people reading."""
    return f"draft-{article.slug[:40].strip('-')}-{prefix}{passage.position}-{digest}"[:80]


def claim_untouched(claim: Claim) -> bool:
    """True when nobody edited this draft since drafting wrote it."""
    digest = _claim_fingerprint(
        claim.passage_id,
        claim.quote,
        claim.speaker_id,
        claim.speaker_text,
        claim.sourcing,
        claim.kind,
    )
    return claim.key.endswith(digest)


def figure_untouched(figure: Figure) -> bool:
    digest = _figure_fingerprint(
        figure.passage_id, figure.quote, figure.value, figure.value_text, figure.qualifier,
        figure.measure, figure.attributed_to,
    )  # fmt: skip
    return figure.key.endswith(digest)


def _person_key(name: str) -> str:
    base = slugify(name)[:40].strip("-") or "person"
    key = base
    if Person.objects.filter(key=key).exists():
        key = f"{base}-{_digest('person', name)[:6]}"
    return key


@transaction.atomic
def drafts_discard(article: Article) -> None:
    """Delete the article's drafted claims and figures that nobody reviewed or edited,
    and the proposed people only they named. Confirmed, rejected and edited items stay:
    they are an instructor's work."""
    drafted = {
        "passage__article": article,
        "origin": EvidenceOrigin.DRAFTED,
        "review": EvidenceReview.DRAFT,
    }
    stale = [c for c in Claim.objects.filter(**drafted) if claim_untouched(c)]
    proposed = {c.speaker_id for c in stale if c.speaker_id}
    Claim.objects.filter(pk__in=[c.pk for c in stale]).delete()
    stale = [f.pk for f in Figure.objects.filter(**drafted) if figure_untouched(f)]
    Figure.objects.filter(pk__in=stale).delete()
    # Proposals only these drafts named go with them (drafting proposes them again if the
    # text still names them; a confirmed person is never removed).
    Person.objects.filter(
        pk__in=proposed, review=EvidenceReview.DRAFT, claims__isnull=True
    ).delete()


@transaction.atomic
def evidence_draft(*, article: Article, replace: bool = True) -> dict[str, int]:
    """Draft quotes, paraphrases, figures and proposed people for ``article``.

    Confirmed, rejected and edited items are never touched, and a span already covered
    by one of them is not drafted again. With ``replace`` the untouched drafts from an
    earlier run are replaced (re-drafting after people were added); without it they are
    kept and only new drafts are added.
    """
    if replace:
        drafts_discard(article)

    people = People.from_table(Person.objects.all())
    claims = draft_claims(article, None, people=people)
    kept_claims = {(c.passage_id, c.quote) for c in Claim.objects.filter(passage__article=article)}
    keys = set()
    counts = {"claims": 0, "quotes": 0, "paraphrases": 0, "figures": 0, "people": 0}
    counts["kept"] = sum(
        1
        for c in Claim.objects.filter(passage__article=article, origin=EvidenceOrigin.DRAFTED)
        if c.review != EvidenceReview.DRAFT or not claim_untouched(c)
    ) + sum(
        1
        for f in Figure.objects.filter(passage__article=article, origin=EvidenceOrigin.DRAFTED)
        if f.review != EvidenceReview.DRAFT or not figure_untouched(f)
    )
    for draft in claims:
        if (draft.passage.pk, draft.quote) in kept_claims or draft.quote not in draft.passage.text:
            continue
        speaker = draft.speaker
        if speaker is not None and speaker.pk is None:
            speaker.key = _person_key(speaker.name)
            speaker.save()
            counts["people"] += 1
        digest = _claim_fingerprint(
            draft.passage.pk, draft.quote, speaker.pk if speaker else None,
            draft.speaker_text or "(speaker not found — please fill in)", draft.sourcing, draft.kind,
        )  # fmt: skip
        key = _key("q" if draft.kind == Claim.Kind.QUOTE else "p", article, draft.passage, digest)
        if key in keys or Claim.objects.filter(key=key).exists():
            continue
        keys.add(key)
        kept_claims.add((draft.passage.pk, draft.quote))
        Claim.objects.create(
            key=key,
            kind=draft.kind,
            passage=draft.passage,
            quote=draft.quote,
            speaker=speaker,
            speaker_text=draft.speaker_text or "(speaker not found — please fill in)",
            sourcing=draft.sourcing,
            review=EvidenceReview.DRAFT,
            origin=EvidenceOrigin.DRAFTED,
            note="Speaker proposed as a new person: confirm or correct the person."
            if draft.proposed
            else "",
        )
        counts["claims"] += 1
        counts["quotes" if draft.kind == Claim.Kind.QUOTE else "paraphrases"] += 1
    kept_figures = {
        (f.passage_id, f.quote) for f in Figure.objects.filter(passage__article=article)
    }
    for draft in draft_figures(article, claims):
        if (draft.passage.pk, draft.quote) in kept_figures or draft.quote not in draft.passage.text:
            continue
        digest = _figure_fingerprint(
            draft.passage.pk, draft.quote, draft.value, draft.value_text, draft.qualifier,
            draft.measure, draft.attributed_to,
        )  # fmt: skip
        key = _key("n", article, draft.passage, digest)
        if key in keys or Figure.objects.filter(key=key).exists():
            continue
        keys.add(key)
        kept_figures.add((draft.passage.pk, draft.quote))
        Figure.objects.create(
            key=key,
            passage=draft.passage,
            quote=draft.quote,
            value=draft.value,
            value_text=draft.value_text,
            qualifier=draft.qualifier,
            measure=draft.measure,
            measure_label=draft.measure_label,
            attributed_to=draft.attributed_to,
            note=draft.note,
            review=EvidenceReview.DRAFT,
            origin=EvidenceOrigin.DRAFTED,
        )
        counts["figures"] += 1
    return counts
