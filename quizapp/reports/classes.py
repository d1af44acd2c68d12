"""Read-only aggregates for an instructor's class report.

Every figure is computed by the database (annotate/aggregate, window functions);
Python only arranges rows whose number grows with students × assignments or with
questions, never with responses. Each function runs a fixed number of queries.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Ntile
from django.utils import timezone

from quizapp.models import Assignment, Attempt, Question, Response, Skill
from quizapp.reports.learner import Share, calibration_of


@dataclass
class Cell:
    status: str  # "not started" | "in progress" | "done"
    correct: int = 0
    answered: int = 0
    total: int = 0
    late: bool = False
    attempt_id: int | None = None

    @property
    def percent(self):
        return (
            round(100 * self.correct / self.total) if self.total and self.status == "done" else None
        )


@dataclass
class ClassReport:
    classroom: object
    students: list
    assignments: list
    grid: dict = field(default_factory=dict)  # (student_id, assignment_id) -> Cell
    mastery: dict = field(default_factory=dict)  # student_id -> {skill: Share}
    class_mastery: dict = field(default_factory=dict)  # skill -> Share
    items: list = field(default_factory=list)
    calibration: list = field(default_factory=list)
    times: dict = field(default_factory=dict)  # student_id -> StudentTime

    def time_rows(self):
        """Each student's time on task (None: no timed answers), in roster order."""
        for student in self.students:
            yield student, self.times.get(student.id)

    def rows(self):
        for student in self.students:
            yield student, [self.grid[(student.id, a.id)] for a in self.assignments]

    def skills(self):
        return [
            (s.value, s.label) for s in Skill if self.class_mastery.get(s.value, Share(0, 0)).total
        ]

    def class_shares(self):
        """The whole class's mastery, in the order of the class skills."""
        return [self.class_mastery[value] for value, _ in self.skills()]

    def calibration_chart(self):
        return bar_chart(self.calibration)

    def student_rows(self):
        """Each student's mastery by skill, in the order of the class skills."""
        for student in self.students:
            mine = self.mastery.get(student.id, {})
            yield student, [mine.get(value, Share(0, 0)) for value, _ in self.skills()]

    def completion(self) -> Share:
        done = sum(1 for cell in self.grid.values() if cell.status == "done")
        return Share(done, len(self.grid))


BAR_HEIGHT = 20
BAR_WIDTH = 200


def bar_chart(pairs) -> dict:
    """Geometry for the SVG bar chart template: one bar per (label, Share)."""
    bars = [
        {
            "label": label,
            "share": share,
            "y": index * BAR_HEIGHT,
            "width": round(BAR_WIDTH * (share.percent or 0) / 100),
        }
        for index, (label, share) in enumerate(pairs)
    ]
    return {"bars": bars, "height": max(1, len(bars)) * BAR_HEIGHT}


ATTEMPT_SET = (
    "Scores, skills, questions and confidence count each student's first attempt at each "
    "assignment, once it is finished (or their best, where the instructor allows retakes "
    "and chose to count the best). Attempts still in progress show only in the grid; "
    "other retakes and free practice are not counted."
)


def first_attempts(classroom, assignment=None):
    """The attempt that counts for each student and assignment of the class (or of one):
    the first, or with retakes the one the assignment's grading names (the best: the
    highest score among finished attempts, the earliest on a tie; until one is
    finished, the first)."""
    mine = Attempt.objects.filter(assignment=OuterRef("assignment"), learner=OuterRef("learner"))
    first = mine.order_by("started", "id").values("id")[:1]
    unfinished_last = Case(When(finished__isnull=True, then=Value(1)), default=Value(0))
    best = mine.order_by(unfinished_last, "-score", "started", "id").values("id")[:1]
    attempts = Attempt.objects.filter(
        assignment__classroom=classroom, learner__classes_attended=classroom
    ).filter(
        Q(assignment__grading=Assignment.Grading.BEST, id=Subquery(best))
        | ~Q(assignment__grading=Assignment.Grading.BEST) & Q(id=Subquery(first))
    )
    return attempts.filter(assignment=assignment) if assignment else attempts


def counted_attempts(classroom, assignment=None):
    """The one attempt set every figure of the report uses: see ATTEMPT_SET."""
    return first_attempts(classroom, assignment).filter(finished__isnull=False)


def class_report(classroom, *, assignment=None, now=None) -> ClassReport:
    """The whole report (or one assignment's): the grid, mastery by skill, calibration
    item analysis and time on task, all on the same attempts (ATTEMPT_SET)."""
    report = class_grid(classroom, assignment=assignment, now=now)
    members = {student.id for student in report.students}
    responses = Response.objects.filter(
        attempt__in=counted_attempts(classroom, assignment).values("id")
    )
    by_student = defaultdict(dict)
    class_totals = defaultdict(lambda: [0, 0])
    for row in responses.values("attempt__learner_id", "question__skill").annotate(
        total=Count("id"), right=Count("id", filter=Q(is_correct=True))
    ):
        if row["attempt__learner_id"] not in members:
            continue  # a student who has left the class
        skill = row["question__skill"]
        by_student[row["attempt__learner_id"]][skill] = Share(row["right"], row["total"])
        class_totals[skill][0] += row["right"]
        class_totals[skill][1] += row["total"]
    report.mastery = by_student
    report.class_mastery = {skill: Share(*pair) for skill, pair in class_totals.items()}
    report.calibration = [
        (label, share)
        for _, label, share in calibration_of(responses.filter(attempt__learner_id__in=members))
    ]
    report.items = item_analysis(classroom, assignment=assignment)
    report.times = {
        row["attempt__learner_id"]: StudentTime(
            answers=row["n"], total_ms=row["total"], median_ms=_ms(row["median"])
        )
        for row in responses.filter(attempt__learner_id__in=members, time_taken_ms__isnull=False)
        .order_by()
        .values("attempt__learner_id")
        .annotate(n=Count("id"), total=Sum("time_taken_ms"), median=Median("time_taken_ms"))
    }
    return report


def class_grid(classroom, *, assignment=None, now=None) -> ClassReport:
    """Students × assignments: status, score and lateness of each first attempt."""
    now = now or timezone.now()
    students = list(classroom.students.order_by("username"))
    chosen = Assignment.objects.filter(classroom=classroom)
    if assignment:
        chosen = chosen.filter(pk=assignment.pk)
    assignments = list(
        chosen.select_related("quiz").annotate(n_items=Count("quiz__items")).order_by("due", "id")
    )
    report = ClassReport(classroom, students, assignments)
    totals = {column.id: column.n_items for column in assignments}
    for student in students:
        for column in assignments:
            report.grid[(student.id, column.id)] = Cell("not started", total=totals[column.id])

    attempts = first_attempts(classroom, assignment)
    for row in attempts.values(
        "id", "learner_id", "assignment_id", "finished", "answered", "score", "assignment__due"
    ):
        cell = report.grid.get((row["learner_id"], row["assignment_id"]))
        if cell is None:
            continue
        cell.attempt_id = row["id"]
        cell.answered, cell.correct = row["answered"], row["score"]
        if row["finished"]:
            cell.status = "done"
            cell.late = row["finished"] > row["assignment__due"]
        else:
            cell.status = "in progress"
            cell.late = now > row["assignment__due"]

    return report


@dataclass
class Item:
    question: object
    attempts: int
    facility: float | None
    discrimination: float | None
    top_wrong: str
    top_wrong_count: int
    median_ms: int | None = None  # time taken per answer, over the same responses

    @property
    def median_text(self) -> str:
        return as_duration(self.median_ms)


def as_duration(ms: int | None) -> str:
    """A time for people: "40 s", "2 min 05 s", "1 h 12 min" (rounded to the second)."""
    if ms is None:
        return ""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@dataclass(frozen=True)
class StudentTime:
    answers: int  # timed answers
    total_ms: int
    median_ms: int

    @property
    def total_text(self) -> str:
        return as_duration(self.total_ms)

    @property
    def median_text(self) -> str:
        return as_duration(self.median_ms)


TIME_ON_TASK = (
    "Time per answer runs from the question appearing (or the previous answer) to the "
    "answer being sent, so a question left open counts in full: the medians are not "
    "thrown by that, the totals are."
)


class Median(Aggregate):
    """The median of a numeric column, as a database aggregate: PostgreSQL's
    percentile_cont (the mean of the two middle values for an even count). SQLite has
    no median: its group_concat (in C) gathers each group's values and convert_value
    takes their median, far cheaper than a Python aggregate called once per row."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )

    def convert_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, str):  # SQLite: "v1,v2,…"
            return float(statistics.median(sorted(float(v) for v in value.split(","))))
        return float(value)


def _ms(value) -> int | None:
    return None if value is None else round(value)


def item_analysis(classroom, *, assignment=None) -> list[Item]:
    """Per question, on first finished attempts: facility (share right), discrimination
    (share right in the top third of quiz scores minus the bottom third, Moodle's
    discrimination index) and the wrong option chosen most often."""
    ranked = (
        counted_attempts(classroom, assignment)
        .annotate(
            third=Window(
                Ntile(3),
                partition_by=[F("assignment_id")],
                order_by=[F("score").desc(), F("id").asc()],
            )
        )
        .values_list("id", "third")
    )
    thirds = dict(ranked)
    top = [i for i, t in thirds.items() if t == 1]
    bottom = [i for i, t in thirds.items() if t == 3]
    if not thirds:
        return []
    stats = (
        Response.objects.filter(attempt_id__in=list(thirds))
        .values("question_id")
        .annotate(
            n=Count("id"),
            right=Count("id", filter=Q(is_correct=True)),
            n_top=Count("id", filter=Q(attempt_id__in=top)),
            right_top=Count("id", filter=Q(attempt_id__in=top, is_correct=True)),
            n_bottom=Count("id", filter=Q(attempt_id__in=bottom)),
            right_bottom=Count("id", filter=Q(attempt_id__in=bottom, is_correct=True)),
            median_ms=Median("time_taken_ms"),
        )
    )
    wrong = defaultdict(list)
    for row in (
        Response.objects.filter(attempt_id__in=list(thirds), is_correct=False)
        .exclude(answer_text="")
        .values("question_id", "answer_text")
        .annotate(n=Count("id"))
    ):
        wrong[row["question_id"]].append((row["n"], row["answer_text"]))
    rows = list(stats)
    questions = Question.objects.in_bulk([row["question_id"] for row in rows])
    items = []
    for row in rows:
        discrimination = None
        if row["n_top"] and row["n_bottom"]:
            discrimination = row["right_top"] / row["n_top"] - row["right_bottom"] / row["n_bottom"]
        most = max(wrong[row["question_id"]], default=(0, ""), key=lambda pair: (pair[0], pair[1]))
        items.append(
            Item(
                question=questions[row["question_id"]],
                attempts=row["n"],
                facility=row["right"] / row["n"] if row["n"] else None,
                discrimination=discrimination,
                top_wrong=most[1],
                top_wrong_count=most[0],
                median_ms=_ms(row["median_ms"]),
            )
        )
    return sorted(
        items,
        key=lambda item: (item.facility if item.facility is not None else 2, item.question.id),
    )


def student_answers(classroom, student):
    """One student's attempts at the class's assignments, with answers and citations."""
    return (
        Attempt.objects.filter(learner=student, assignment__classroom=classroom)
        .select_related("quiz", "assignment")
        .prefetch_related("responses__question__citations__passage__article__outlet")
        .order_by("started", "id")
    )
