from .classes import Assignment, Classroom, FormPair
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
from .learning import Attempt, Confidence, Response
from .questions import Choice, Citation, Question, Quiz, QuizQuestion, Skill
from .seeding import SeedRecord
from .sources import SEED_STORY, Article, Outlet, Passage, Story

__all__ = [
    "Article",
    "Assignment",
    "Attempt",
    "Classroom",
    "FormPair",
    "Confidence",
    "Response",
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
    "SEED_STORY",
    "SeedRecord",
    "Story",
]
