"""CSV exports cannot carry spreadsheet formulas (OWASP CSV injection), whatever a
student calls themselves or an instructor titles a quiz."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from quizapp.common.spreadsheet import FORMULA_START, PLAIN_NUMBER, SafeWriter, safe_cell
from quizapp.models import Attempt, Response
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

# Text that often starts like a formula, and anything else.
cell_text = st.one_of(
    st.text(),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(sorted(FORMULA_START) + ["'", '"', " ", ","]),
        st.text(),
    ),
    st.sampled_from(["=1+1", "+A1+A2", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', "-1.5"]),
)


def written(rows) -> list[list[str]]:
    stream = io.StringIO()
    SafeWriter(stream).writerows(rows)
    return list(csv.reader(io.StringIO(stream.getvalue(), newline="")))


def is_formula(cell: str) -> bool:
    return bool(cell) and cell[0] in FORMULA_START


@given(st.lists(st.lists(cell_text, min_size=1, max_size=4), min_size=1, max_size=4))
def test_no_written_cell_starts_a_formula_and_each_reads_back_as_written(rows):
    back = written(rows)
    assert len(back) == len(rows)
    for original, cells in zip(rows, back, strict=True):
        assert len(cells) == len(original)
        for value, cell in zip(original, cells, strict=True):
            if is_formula(value) and not PLAIN_NUMBER.match(value):
                assert cell == "'" + value
            else:
                assert cell == value
            assert not is_formula(cell) or PLAIN_NUMBER.match(cell)


@given(
    st.integers()
    | st.floats(allow_nan=False)
    | st.from_regex(r"-?[0-9]+(\.[0-9]+)?", fullmatch=True)
)
def test_numbers_stay_numbers(number):
    assert safe_cell(number) == number


@pytest.mark.parametrize("text", ["=1+1", "+A1+A2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"])
def test_formula_text_is_made_text(text):
    assert safe_cell(text) == "'" + text


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.mark.django_db
def test_class_csvs_neutralise_usernames_titles_and_stems(client):
    teacher = UserFactory(username="csv-teacher", is_staff=True)
    classroom = ClassroomFactory()
    classroom.instructors.add(teacher)
    student = UserFactory(username="+A1+A2")
    classroom.students.add(student)
    question = QuestionFactory(stem='=HYPERLINK("http://evil.example","Click")')
    quiz = QuizFactory(title="@SUM(1+1)", questions=[question])
    assignment = AssignmentFactory(classroom=classroom, quiz=quiz)
    attempt = Attempt.objects.create(
        learner=student, quiz=quiz, assignment=assignment, question_ids=[question.id]
    )
    wrong = question.choices.filter(is_correct=False).first()
    wrong.text = "-1+1"
    wrong.save()
    Response.objects.create(
        attempt=attempt, question=question, choice=wrong, answer_text="-1+1", is_correct=False
    )
    client.force_login(teacher)
    grid = read_csv(client.get(reverse("class_grid_csv", args=[classroom.id])))
    items = read_csv(client.get(reverse("class_items_csv", args=[classroom.id])))
    assert grid[1][:2] == ["'+A1+A2", "'@SUM(1+1)"]
    assert items[1][2] == "'" + question.stem
    cells = [cell for row in grid + items for cell in row]
    assert not any(is_formula(cell) and not PLAIN_NUMBER.match(cell) for cell in cells)


def test_every_csv_the_app_writes_goes_through_the_safe_writer():
    app = Path(settings.BASE_DIR) / "quizapp"
    writers = [
        path.relative_to(app)
        for path in app.rglob("*.py")
        if "csv.writer(" in path.read_text(encoding="utf-8") and path.name != "spreadsheet.py"
    ]
    assert writers == []
