"""The shape of the house (DESIGN.md, "Layout"): three faces on one core.

A face never imports another face; the core imports no face, no Flask and not the composition
root; nothing but the illustration tool itself imports `authoring.illustrations`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PACKAGE = "lesson_toolkit"  # the one namespace the wheel installs (no top-level `app` or `exports`)


def named(*modules: str) -> tuple[str, ...]:
    return tuple(f"{PACKAGE}.{m}" for m in modules)


FACES = named("viewer", "exports", "authoring.workspace", "authoring.cli")
CORE = named("authoring.core", "authoring.i18n", "authoring.pictures", "authoring.audio", "authoring.storage",
             "authoring.errors", "authoring.database", "authoring.community")  # fmt: skip
COMPOSITION = named("app", "extensions")
WEB = ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate", "flask_compress",
       "werkzeug")  # fmt: skip
TOOLS = named("authoring.illustrations")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def within(module: str, packages: tuple[str, ...]) -> str | None:
    return next((p for p in packages if module == p or module.startswith(p + ".")), None)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (lazy imports inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def sources() -> list[Path]:
    return sorted(p for top in ("authoring", "viewer", "exports") for p in (ROOT / PACKAGE / top).rglob("*.py"))


def violations(path: Path, root: Path = ROOT) -> list[str]:
    module = module_name(path, root)
    face, core, tool = within(module, FACES), within(module, CORE), within(module, TOOLS)
    found = []
    for line, imported in imports(path):
        where = f"{path.relative_to(root)}:{line} imports {imported}"
        other_face = within(imported, FACES)
        if face and other_face and other_face != face:
            found.append(f"{where}: a face imports another face")
        if core and (other_face or within(imported, COMPOSITION)):
            found.append(f"{where}: the core imports a face or the composition root")
        if core and within(imported, WEB):
            found.append(f"{where}: the core imports Flask")
        if not tool and within(imported, TOOLS):
            found.append(f"{where}: the app imports the illustration tool")
    return found


def test_every_module_is_in_a_part_of_the_layout():
    unplaced = [
        module_name(p) for p in sources() if not within(module_name(p), FACES + CORE + TOOLS + named("authoring"))
    ]
    assert unplaced == []
    loose = sorted(p.name for p in (ROOT / PACKAGE / "authoring").glob("*.py"))
    assert loose == ["__init__.py", "database.py", "errors.py", "storage.py"]


def test_faces_and_core_keep_their_imports_apart():
    assert [v for path in sources() for v in violations(path)] == []


@pytest.mark.parametrize(
    ("module", "source", "rule"),
    [
        (
            "viewer/views.py",
            "from lesson_toolkit.exports.handout import render_handout\n",
            "a face imports another face",
        ),
        ("exports/cli.py", "import lesson_toolkit.authoring.workspace.models\n", "a face imports another face"),
        ("authoring/core/render.py", "from flask import g\n", "the core imports Flask"),
        (
            "authoring/i18n/catalogue.py",
            "def f():\n    from lesson_toolkit.viewer import views\n",
            "the core imports a face",
        ),
        ("authoring/pictures/names.py", "from lesson_toolkit.extensions import toolkit\n", "composition root"),
        ("viewer/files.py", "from lesson_toolkit.authoring.illustrations import kit\n", "illustration tool"),
    ],
)
def test_the_import_rule_catches(tmp_path, module, source, rule):
    """The checker itself can fail: each kind of wrong import is reported."""
    target = tmp_path / PACKAGE / module
    target.parent.mkdir(parents=True)
    target.write_text(source)
    assert any(rule in v for v in violations(target, tmp_path))
