from .evidence import (
    Claim,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Person,
    ProvenanceClue,
    Review,
)
from .questions import Choice, Citation, Question, Quiz, QuizQuestion, Skill
from .sources import Article, Outlet, Passage

__all__ = [
    "Article",
    "Choice",
    "Citation",
    "Question",
    "Quiz",
    "QuizQuestion",
    "Skill",
    "Claim",
    "Event",
    "EventCitation",
    "Fact",
    "FactCitation",
    "Figure",
    "Framing",
    "Outlet",
    "Passage",
    "Person",
    "ProvenanceClue",
    "Review",
]
