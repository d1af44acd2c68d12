"""The shape of the code: quizapp's modules import each other without a cycle, and its
folders follow the pipeline (docs/architecture.md)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """Every quizapp module this file imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            prefix = (base + "." if node.level else "") + (node.module or "")
            prefix = prefix.rstrip(".")
            targets = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules and t != name}
    return found


def test_the_modules_import_each_other_without_a_cycle():
    paths = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p) for p in paths}
    graph = {module_name(p): imports(p, modules) for p in paths}
    # A package's __init__ gathering its own submodules is not a dependency of theirs.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}

    state, cycles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


STEPS = ["common", "access", "sources", "evidence", "bank", "learning", "reports"]
# The one dependency against the pipeline's order: importing an article drafts its
# evidence in the same transaction (corpus.article_import(draft=True)), imported lazily.
UPSTREAM_ALLOWED = {("quizapp.sources.corpus", "quizapp.evidence.drafting")}
DJANGO_MODULES = {"__init__", "apps", "urls", "forms", "middleware", "admin_site"}


def step_of(name: str) -> int | None:
    parts = name.split(".")
    return STEPS.index(parts[1]) if len(parts) > 1 and parts[1] in STEPS else None


def test_each_step_imports_only_earlier_steps():
    """sources → evidence → bank → learning → reports (docs/architecture.md): a step may
    use the ones before it, never one after it."""
    paths = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p) for p in paths}
    upstream = {
        (module_name(p), target)
        for p in paths
        for target in imports(p, modules)
        if step_of(module_name(p)) is not None
        and step_of(target) is not None
        and step_of(target) > step_of(module_name(p))
    }
    assert upstream <= UPSTREAM_ALLOWED, sorted(upstream - UPSTREAM_ALLOWED)


def test_the_package_has_no_loose_modules():
    """New code goes into the folder of its step (or Django's layers), not next to them."""
    loose = {p.stem for p in PACKAGE.glob("*.py")} - DJANGO_MODULES
    assert not loose, sorted(loose)
