"""Did the class improve? A matched pre/post pair, per skill and for calibration.

For each student who finished both forms (their first finished attempt at each):
the score per skill on each form. Per skill, over those students: mean pre and post
scores, the normalized gain on the class means ((post − pre) / (1 − pre), Hake's g),
the share who improved, and the paired effect size d_z = mean(post − pre) / sd(post −
pre) with a 95% confidence interval d_z ± t(0.975, n − 1) · √(1/n + d_z² / 2n).
Calibration is scored per form as 1 − the Brier score of the stated confidence
(guessing = 1/3, fairly sure = 2/3, certain = 1) against being right, over answers
with a confidence. Students who finished only one form are listed separately with
their score on it. A fixed number of queries whatever the class size.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q
from scipy import stats

from quizapp.models import Assignment, Confidence, Response, Skill
from quizapp.reports.classes import counted_attempts
from quizapp.reports.misreadings import misreading_report

CONFIDENCE_PROBABILITY = {
    Confidence.GUESSING: 1 / 3,
    Confidence.FAIRLY_SURE: 2 / 3,
    Confidence.CERTAIN: 1.0,
}
LEVEL = 0.95


@dataclass
class Comparison:
    label: str
    n: int = 0  # students who took both forms (and, for calibration, gave confidences)
    pre: float | None = None
    post: float | None = None
    gain: float | None = None
    improved: float | None = None
    effect: float | None = None
    ci: tuple | None = None


def compare(label, pairs) -> Comparison:
    """pairs: one (pre, post) per student, each in [0, 1]."""
    result = Comparison(label, n=len(pairs))
    if not pairs:
        return result
    pre = np.array([p for p, _ in pairs], dtype=float)
    post = np.array([q for _, q in pairs], dtype=float)
    result.pre, result.post = float(pre.mean()), float(post.mean())
    if result.pre < 1:
        result.gain = (result.post - result.pre) / (1 - result.pre)
    result.improved = float(np.mean(post > pre))
    n = len(pairs)
    diffs = post - pre
    if n >= 2 and (sd := float(np.std(diffs, ddof=1))) > 0:
        d = float(diffs.mean()) / sd
        se = math.sqrt(1 / n + d * d / (2 * n))
        t = float(stats.t.ppf((1 + LEVEL) / 2, n - 1))
        result.effect, result.ci = d, (d - t * se, d + t * se)
    return result


@dataclass
class OneForm:
    student: object
    form: str  # "pre" | "post"
    score: float


@dataclass
class PrePostReport:
    pair: object
    skills: list = field(default_factory=list)  # Comparison per skill
    overall: Comparison | None = None
    calibration: Comparison | None = None
    paired: list = field(default_factory=list)  # students who took both
    one_form: list = field(default_factory=list)  # OneForm
    not_taken: list = field(default_factory=list)
    no_confidence: int = 0  # paired students left out of calibration
    misreadings_pre: object = None
    misreadings_post: object = None

    def misreading_columns(self):
        return [("Pre-test", self.misreadings_pre), ("Post-test", self.misreadings_post)]


def first_finished(classroom, assignments):
    """(learner id, quiz id) → the attempt the class report counts (ATTEMPT_SET: the
    first attempt at the assignment, once finished) at the pair's assignments."""
    chosen = {}
    for attempt in (
        counted_attempts(classroom)
        .filter(assignment__in=assignments)
        .order_by("started", "id")
        .values("id", "learner_id", "quiz_id")
    ):
        chosen.setdefault((attempt["learner_id"], attempt["quiz_id"]), attempt["id"])
    return chosen


def prepost_report(pair) -> PrePostReport:
    report = PrePostReport(pair)
    classroom = pair.classroom
    students = list(classroom.students.order_by("username"))
    assignments = list(
        Assignment.objects.filter(classroom=classroom, quiz_id__in=[pair.pre_id, pair.post_id])
    )
    attempts = first_finished(classroom, assignments)
    scores = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # attempt -> skill -> [right, n]
    for row in (
        Response.objects.filter(attempt_id__in=list(attempts.values()))
        .values("attempt_id", "question__skill")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
    ):
        scores[row["attempt_id"]][row["question__skill"]] = [row["right"], row["n"]]
    brier = defaultdict(lambda: [0.0, 0])  # attempt -> [sum of squared errors, n]
    for row in (
        Response.objects.filter(attempt_id__in=list(attempts.values()))
        .exclude(confidence="")
        .values("attempt_id", "confidence", "is_correct")
        .annotate(n=Count("id"))
    ):
        p = CONFIDENCE_PROBABILITY[row["confidence"]]
        brier[row["attempt_id"]][0] += row["n"] * (p - row["is_correct"]) ** 2
        brier[row["attempt_id"]][1] += row["n"]

    def score(attempt_id, skill=None):
        cells = scores[attempt_id]
        right, n = (
            cells[skill]
            if skill
            else [sum(c[0] for c in cells.values()), sum(c[1] for c in cells.values())]
        )
        return right / n if n else None

    def calibration(attempt_id):
        total, n = brier[attempt_id]
        return 1 - total / n if n else None

    per_skill = defaultdict(list)
    overall, calibrated = [], []
    skills = [s for s in Skill.values if s in pair.skill_counts]
    for student in students:
        pre = attempts.get((student.id, pair.pre_id))
        post = attempts.get((student.id, pair.post_id))
        if pre and post:
            report.paired.append(student)
            for skill in skills:
                a, b = score(pre, skill), score(post, skill)
                if a is not None and b is not None:
                    per_skill[skill].append((a, b))
            overall.append((score(pre) or 0.0, score(post) or 0.0))
            ca, cb = calibration(pre), calibration(post)
            if ca is None or cb is None:
                report.no_confidence += 1
            else:
                calibrated.append((ca, cb))
        elif pre or post:
            form, attempt = ("pre", pre) if pre else ("post", post)
            report.one_form.append(OneForm(student, form, score(attempt) or 0.0))
        else:
            report.not_taken.append(student)
    report.skills = [compare(Skill(skill).label, per_skill[skill]) for skill in skills]
    report.overall = compare("All skills", overall)
    report.calibration = compare("Calibration (1 − Brier score)", calibrated)
    by_quiz = {a.quiz_id: a for a in assignments}
    if pair.pre_id in by_quiz and pair.post_id in by_quiz:
        report.misreadings_pre = misreading_report(classroom, assignment=by_quiz[pair.pre_id])
        report.misreadings_post = misreading_report(classroom, assignment=by_quiz[pair.post_id])
    return report
