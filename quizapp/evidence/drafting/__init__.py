"""Drafting evidence from a newly imported article, for an instructor to review.

Three kinds of drafts come out of an article's reporting passages and headlines:

- **quotes** — words in quotation marks, with the speaker the sentence (or, for "he
  said", the nearest earlier speaker or named person) attributes them to, and the
  sourcing category guessed from how the speaker is introduced;
- **paraphrases** — attributed statements without quotation marks ("According to X, …",
  "…, X said", "X told reporters that …"), saved as claims of kind paraphrase whose
  ``quote`` is the statement as the outlet words it;
- **figures** — numbers in digits or words, percentages, ranges and vague quantities,
  with the qualifier, the noun phrase counted and who gave the number.

A speaker who is not in the people table becomes a *proposed* person (review=draft,
the name as written): drafting never links a name to a different person.

Everything here is general text rules — no list of the seed articles' names or numbers
— and its precision and recall are measured leave-one-article-out by
``quizapp.evidence.drafting_eval`` in every test run and in ``make eval-drafting``.

Drafts are saved with ``review=draft``: generators ignore them until an instructor
confirms them. Re-drafting (``draft_evidence``, the admin action) replaces only drafts
nobody touched: a draft's key ends in a digest of what drafting wrote, so a draft an
instructor edited no longer matches its key and is kept, like confirmed and rejected
items.
"""

from quizapp.evidence.drafting.claims import DraftClaim, DraftFigure, draft_claims
from quizapp.evidence.drafting.figures import draft_figures
from quizapp.evidence.drafting.saving import (
    claim_untouched,
    drafts_discard,
    evidence_draft,
    figure_untouched,
)
from quizapp.evidence.drafting.speakers import SOURCE_NOUNS, People

__all__ = [
    "evidence_draft",
    "drafts_discard",
    "claim_untouched",
    "figure_untouched",
    "draft_claims",
    "draft_figures",
    "People",
    "DraftClaim",
    "DraftFigure",
    "SOURCE_NOUNS",
]
