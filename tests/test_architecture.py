"""The domain packages stay plain Python: no Flask, SQLAlchemy or webapp imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate",
             "sqlalchemy", "webapp", "werkzeug")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["question_bank", "content", "scoring"])
def test_domain_package_imports_no_web_or_orm(package):
    files = list((ROOT / package).rglob("*.py"))
    assert files, f"{package} has no modules"
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(FORBIDDEN)) for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_webapp_imports_flask():
    for path in ROOT.glob("*.py"):
        if path.name != "wsgi.py":
            assert "flask" not in _imports(path), path
