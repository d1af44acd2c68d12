"""One generator per skill; each is a pure function from an EvidenceBank to drafts."""

from ..models import Skill
from . import (
    claim_recall,
    figures,
    find_evidence,
    framing,
    outlet_attribution,
    provenance,
    quote_attribution,
    sourcing,
    timeline,
)
from .base import ChoiceDraft, CitationDraft, EvidenceBank, QuestionDraft

GENERATORS = {
    Skill.OUTLET_ATTRIBUTION: outlet_attribution.generate,
    Skill.QUOTE_ATTRIBUTION: quote_attribution.generate,
    Skill.CLAIM_RECALL: claim_recall.generate,
    Skill.SOURCING: sourcing.generate,
    Skill.FIGURES: figures.generate,
    Skill.FRAMING: framing.generate,
    Skill.PROVENANCE: provenance.generate,
    Skill.TIMELINE: timeline.generate,
    Skill.FIND_EVIDENCE: find_evidence.generate,
}

__all__ = ["GENERATORS", "ChoiceDraft", "CitationDraft", "EvidenceBank", "QuestionDraft"]
