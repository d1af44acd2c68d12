"""`make mutation`: mutation-test the modules that keep the answer key true, one module
at a time, and print a score per module.

mutmut (pinned in requirements-dev.txt, configured under [tool.mutmut] in
pyproject.toml) copies the package to mutants/, records which tests execute each
function, and runs each mutant against only those tests. This script runs it module by
module with one worker (the machine is shared), optionally on a reproducible sample
(mutants whose number ends in the given digits, so every function is sampled), and
scores each module from mutmut's result files, leaving out the equivalent mutants
listed in tools/mutation_equivalents.txt (explained in docs/testing.md).

    .venv/bin/python tools/mutation.py                      # every module, every mutant
    .venv/bin/python tools/mutation.py --sample 05          # numbers ending in 0 or 5: ~20 %
    .venv/bin/python tools/mutation.py quizapp/bank/rules.py     # one module
    .venv/bin/python tools/mutation.py --report             # scores of the last run only
"""

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
KILLED = {1, 3, 24, -24, 36, 152, 255}  # failed, or ran out of time (mutmut counts both)
TARGET = 85.0
TEST_DATABASE = ROOT / "mutants" / "test-database.sqlite3"


def modules_configured() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return config["only_mutate"]


def dotted(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def patterns(module: str, sample: str) -> list[str]:
    name = dotted(module)
    # The first pattern matches the module's functions (never a mutant: mutant names end
    # in a digit), so mutmut's clean run takes only the tests that cover this module.
    functions = f"{name}.*[!0-9]"
    mutants = f"{name}.*__mutmut_*[{sample}]" if sample else f"{name}.*__mutmut_*"
    return [functions, mutants]


def equivalents() -> dict[str, str]:
    found = {}
    if EQUIVALENTS.exists():
        for line in EQUIVALENTS.read_text().splitlines():
            name, _, reason = line.partition("#")
            if name.strip():
                found[name.strip()] = reason.strip()
    return found


def results(module: str, sample: str) -> dict:
    meta = ROOT / "mutants" / f"{module}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    wanted = patterns(module, sample)[1]
    known = equivalents()
    picked = {k: v for k, v in codes.items() if fnmatch.fnmatch(k, wanted) and v is not None}
    equivalent = [k for k in picked if k in known]
    scored = {k: v for k, v in picked.items() if k not in known}
    killed = [k for k, v in scored.items() if v in KILLED]
    survived = sorted(k for k, v in scored.items() if v not in KILLED)
    return {
        "module": module,
        "mutants": len(codes),
        "run": len(picked),
        "equivalent": len(equivalent),
        "killed": len(killed),
        "survived": survived,
        "score": 100.0 * len(killed) / len(scored) if scored else None,
    }


def environment() -> dict:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if not env.get("DATABASE_URL", "").startswith(("postgres", "mysql")):
        # One SQLite test database for every mutant's session, migrated once per run:
        # an in-memory one would be migrated again for each mutant.
        env["DJANGO_TEST_DATABASE_NAME"] = str(TEST_DATABASE)
        env["PYTEST_ADDOPTS"] = f"{env.get('PYTEST_ADDOPTS', '')} --reuse-db".strip()
    return env


def run(module: str, sample: str, max_children: int) -> float:
    started = time.monotonic()
    command = [
        str(ROOT / ".venv" / "bin" / "mutmut"),
        "run",
        "--max-children",
        str(max_children),
        *patterns(module, sample),
    ]
    print(f"== {module}: {' '.join(command[1:])}", flush=True)
    subprocess.run(command, cwd=ROOT, check=False, env=environment())
    return time.monotonic() - started


def table(rows) -> str:
    lines = [
        "| module | mutants | run | equivalent | killed | survived | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        score = "–" if row["score"] is None else f"{row['score']:.0f} %"
        lines.append(
            f"| {row['module']} | {row['mutants']} | {row['run']} | {row['equivalent']} | "
            f"{row['killed']} | {len(row['survived'])} | {score} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="default: only_mutate in pyproject.toml")
    parser.add_argument(
        "--sample",
        default=os.environ.get("MUTATION_SAMPLE", ""),
        help="run only mutants whose number ends in these digits, e.g. 05 (default: all)",
    )
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--report", action="store_true", help="print the last results only")
    parser.add_argument("--show-survivors", action="store_true")
    args = parser.parse_args()
    if args.sample and not args.sample.isdigit():
        parser.error("--sample takes digits, e.g. 05")
    modules = args.modules or modules_configured()
    if not args.report:
        # Migrate afresh once per run: the migrations may have changed since the last.
        for leftover in TEST_DATABASE.parent.glob(TEST_DATABASE.name + "*"):
            leftover.unlink()
    rows = []
    for module in modules:
        if not args.report:
            seconds = run(module, args.sample, args.max_children)
            print(f"   {module}: {seconds:.0f} s", flush=True)
        row = results(module, args.sample)
        if row:
            rows.append(row)
    print()
    print(table(rows))
    if args.show_survivors:
        for row in rows:
            for name in row["survived"]:
                print(f"survived: {name}")
    low = [r["module"] for r in rows if r["score"] is not None and r["score"] < TARGET]
    if low:
        print(f"\nBelow {TARGET:.0f} %: {', '.join(low)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
