"""`manage.py bench_report`: the code lives in quizapp/bench/report_load.py."""

from quizapp.bench.report_load import Command  # noqa: F401
