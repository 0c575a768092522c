"""scoring/ stays plain Python: no web, ORM or test-only imports."""

import ast
from pathlib import Path

SCORING = Path(__file__).resolve().parents[2] / "scoring"
FORBIDDEN = {"flask", "sqlalchemy", "webapp", "werkzeug", "samplics", "svy", "pytest"}


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_scoring_imports_no_web_orm_or_test_only_packages():
    offenders = {}
    for path in SCORING.rglob("*.py"):
        bad = {n for n in _top_level_imports(path) if n in FORBIDDEN or n.startswith("flask_")}
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_scoring_modules_have_docstrings_and_stay_small():
    for path in SCORING.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name} lacks a module docstring"
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 320, path.name
