from quizapp.models.classes import Assignment, Classroom, FormPair
from quizapp.models.evidence import (
    Claim,
    Event,
    EventCitation,
    EvidenceReview,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Person,
    ProvenanceClue,
)
from quizapp.models.learning import Attempt, Confidence, Response
from quizapp.models.questions import Choice, Citation, Question, Quiz, QuizQuestion, Skill
from quizapp.models.seeding import SeedRecord
from quizapp.models.sources import SEED_STORY, Article, Outlet, Passage, Story

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
    "EvidenceReview",
    "SEED_STORY",
    "SeedRecord",
    "Story",
]
