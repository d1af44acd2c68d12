"""One generator per skill; each is a pure function from an EvidenceBank to drafts."""

from quizapp.bank.generators import (
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
from quizapp.bank.generators.base import ChoiceSpec, CitationSpec, EvidenceBank, QuestionSpec
from quizapp.models import Skill

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

__all__ = ["GENERATORS", "ChoiceSpec", "CitationSpec", "EvidenceBank", "QuestionSpec"]
