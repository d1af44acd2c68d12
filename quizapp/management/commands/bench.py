"""`manage.py bench`: the code lives in quizapp/bench/answer_load.py."""

from quizapp.bench.answer_load import Command  # noqa: F401
