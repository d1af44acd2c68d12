"""What a class misread: wrong answers counted by the misreading they show.

Counts are done by the database over the class's assignment responses of current
members; a fixed number of queries whatever the size of the class or the bank.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Value, When

from quizapp.bank.misreadings import EXPLANATIONS, ORDERING, Misreading
from quizapp.models import Question, Response
from quizapp.reports.classes import ATTEMPT_SET, counted_attempts

UNTAGGED = ""


def misread_expression():
    """The misreading of a wrong response, in SQL: the chosen option's tag, or the
    event-order misreading for a wrong order (same rule as misreadings.of_answer)."""
    return Case(
        When(question__kind=ORDERING, then=Value(Misreading.EVENT_ORDER.value)),
        default=F("choice__misreading"),
        output_field=CharField(),
    )


def wrong_answers(classroom, student=None, assignment=None):
    """Wrong answers in the class report's attempt set (ATTEMPT_SET: each current
    student's first attempt at each assignment, once finished), for the whole class or
    one student, all assignments or one."""
    responses = Response.objects.filter(
        is_correct=False, attempt__in=counted_attempts(classroom, assignment).values("id")
    )
    if student is not None:
        responses = responses.filter(attempt__learner=student)
    return responses.annotate(misread=misread_expression())


@dataclass
class MisreadingRow:
    value: str  # a Misreading value, or UNTAGGED
    count: int = 0
    students: int = 0
    questions: list = field(default_factory=list)  # (Question, count), most first

    @property
    def explanation(self):
        return EXPLANATIONS.get(self.value)

    @property
    def label(self):
        return self.explanation.label if self.explanation else "Wrong option with no misreading tag"


@dataclass
class MisreadingReport:
    classroom: object
    rows: list  # MisreadingRow, most chosen first
    wrong_total: int
    students: list = field(default_factory=list)
    attempt_set: str = ATTEMPT_SET
    by_student: dict = field(default_factory=dict)  # student id -> {value: count}

    def student_rows(self):
        """Each student's counts, in the order of the report's rows."""
        for student in self.students:
            mine = self.by_student.get(student.id, {})
            yield student, [mine.get(row.value, 0) for row in self.rows]


def misreading_report(classroom, *, student=None, assignment=None) -> MisreadingReport:
    """Per misreading: how often it was chosen, by how many students, on which
    questions. For the whole class, also each student's counts (one table)."""
    wrong = wrong_answers(classroom, student, assignment)
    per_question = list(
        wrong.values("misread", "question_id").annotate(n=Count("id")).order_by("-n", "question_id")
    )
    students_per = dict(
        wrong.values("misread")
        .annotate(s=Count("attempt__learner", distinct=True))
        .values_list("misread", "s")
    )
    questions = Question.objects.in_bulk({row["question_id"] for row in per_question})
    rows = {}
    for row in per_question:
        value = row["misread"] or UNTAGGED
        entry = rows.setdefault(value, MisreadingRow(value))
        entry.count += row["n"]
        entry.questions.append((questions[row["question_id"]], row["n"]))
    for value, count in students_per.items():
        rows[value or UNTAGGED].students = count
    ordered = sorted(rows.values(), key=lambda r: (r.value == UNTAGGED, -r.count, r.value))
    report = MisreadingReport(classroom, ordered, sum(r.count for r in ordered))
    if student is None and assignment is None:
        report.students = list(classroom.students.order_by("username"))
        by_student = defaultdict(dict)
        for learner, value, n in (
            wrong.values("attempt__learner_id", "misread")
            .annotate(n=Count("id"))
            .values_list("attempt__learner_id", "misread", "n")
        ):
            by_student[learner][value or UNTAGGED] = n
        report.by_student = dict(by_student)
    return report
