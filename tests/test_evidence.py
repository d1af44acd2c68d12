import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quizapp.models import Claim, Event, Fact, Figure, Person

pytestmark = pytest.mark.django_db

EVIDENCE = Path(settings.BASE_DIR) / "fixtures" / "evidence"


@pytest.fixture
def evidence_copy(tmp_path):
    target = tmp_path / "evidence"
    shutil.copytree(EVIDENCE, target)
    return target


def edit(directory, name, change):
    path = directory / f"{name}.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    change(rows)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


def check(directory=None, *args):
    out, err = io.StringIO(), io.StringIO()
    extra = ["--dir", str(directory)] if directory else []
    call_command("check_evidence", *extra, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(directory, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "check_evidence", "--dir", str(directory), *args, stdout=io.StringIO(), stderr=err
        )
    return str(raised.value), err.getvalue()


def test_committed_evidence_is_valid(corpus):
    out, _ = check()
    assert "Evidence valid" in out


def test_load_loads_every_kind_of_evidence(corpus):
    out, _ = check(None, "--load")
    assert "loaded" in out
    assert Claim.objects.count() > 50
    assert Figure.objects.count() > 20
    assert Event.objects.count() >= 12
    assert Fact.objects.count() >= 30
    assert {"Gallant", "Galant"} <= set(Person.objects.get(key="gallant").aliases)


def test_every_curated_quote_is_verbatim_in_its_passage(evidence):
    for claim in Claim.objects.select_related("passage"):
        assert claim.quote in claim.passage.text, claim.key


def test_loading_twice_adds_nothing(evidence):
    before = (Claim.objects.count(), Figure.objects.count(), Fact.objects.count())
    check(None, "--load")
    assert (Claim.objects.count(), Figure.objects.count(), Fact.objects.count()) == before


def test_a_misquote_names_file_object_and_closest_text_and_loads_nothing(corpus, evidence_copy):
    def misquote(rows):
        rows[0]["quote"] = rows[0]["quote"].replace("ironclad", "iron-clad")

    edit(evidence_copy, "claims", misquote)
    message, errors = run_failing(evidence_copy, "--load")
    assert "nothing was loaded" in message
    assert "fixtures/evidence/claims.json: claim 'nyt-biden-ironclad'" in errors
    assert "“iron-clad” is not in nyt-how-israel-miscalculated p-26 word for word" in errors
    assert "Closest text there:" in errors
    assert Claim.objects.count() == 0 and Person.objects.count() == 0


def test_an_unknown_passage_is_reported(corpus, evidence_copy):
    edit(evidence_copy, "figures", lambda rows: rows[0].update(passage="p-999"))
    _, errors = run_failing(evidence_copy)
    assert "has no passage 'p-999' (it has p-1 to p-35)" in errors


def test_an_unknown_article_is_reported(corpus, evidence_copy):
    edit(evidence_copy, "facts", lambda rows: rows[0]["citations"][0].update(article="bbc-story"))
    _, errors = run_failing(evidence_copy)
    assert "unknown article 'bbc-story'" in errors


def test_an_unknown_speaker_is_reported(corpus, evidence_copy):
    edit(evidence_copy, "claims", lambda rows: rows[1].update(speaker="nobody"))
    _, errors = run_failing(evidence_copy)
    assert "unknown speaker 'nobody'; add it to persons.json" in errors


def test_fact_outlets_must_match_its_citations(corpus, evidence_copy):
    edit(evidence_copy, "facts", lambda rows: rows[1].update(outlets=["bbc"]))
    _, errors = run_failing(evidence_copy)
    assert "do not match the outlets of its citations" in errors


def test_invalid_json_names_the_line(corpus, evidence_copy):
    (evidence_copy / "events.json").write_text('[{"key": "x",,}]', encoding="utf-8")
    _, errors = run_failing(evidence_copy)
    assert "events.json: invalid JSON at line 1" in errors


def test_a_broken_file_leaves_loaded_evidence_untouched(evidence, evidence_copy):
    before = set(Claim.objects.values_list("key", "quote"))
    edit(evidence_copy, "claims", lambda rows: rows.pop(0))
    edit(evidence_copy, "events", lambda rows: rows[0].update(date="14 April"))
    _, errors = run_failing(evidence_copy, "--load")
    assert "date '14 April' (or date_end) is not YYYY-MM-DD" in errors
    assert set(Claim.objects.values_list("key", "quote")) == before


def test_needs_the_corpus_first(db, evidence_copy):
    _, errors = run_failing(evidence_copy)
    assert "run `python manage.py load_corpus` first" in errors


@pytest.mark.parametrize("value", [1e10, -1e12, "NaN", "Infinity"])
def test_a_figure_value_beyond_its_column_is_reported_and_loads_nothing(
    corpus, evidence_copy, value
):
    edit(evidence_copy, "figures", lambda rows: rows[0].update(value=value))
    _, err = run_failing(evidence_copy, "--load")
    assert "out of range" in err
    assert not Figure.objects.exists()
