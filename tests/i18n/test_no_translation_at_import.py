"""No text is translated when a module is imported: it would stay in the language of that
moment (English) for every later request. The questionnaire time points once did this
(`gettext_lazy(...) % {...}` at module level forces the translation at once).

Management commands are left out: their help is read in the shell's language, once.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "tumorboard"
EAGER = {"gettext", "ngettext", "pgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy"}


def _aliases(tree: ast.Module, names: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            found |= {a.asname or a.name for a in node.names if a.name in names}
    return found


def _calls(node: ast.AST, names: set[str]) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in names)


def _import_time_translations(path: Path, root: Path = SOURCE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    eager, lazy = _aliases(tree, EAGER), _aliases(tree, LAZY)
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # runs per call, in the request's language
            forced = isinstance(child, ast.BinOp) and isinstance(child.op, (ast.Mod, ast.Add)) \
                and (_calls(child.left, lazy) or _calls(child.right, lazy))
            if _calls(child, eager) or forced:
                line = getattr(child, "lineno", 0)
                found.append(f"{path.relative_to(root)}:{line} {ast.unparse(child)[:60]}")
            visit(child)

    visit(tree)
    return found


def test_it_finds_a_translation_at_import(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from django.utils.translation import gettext as _\n"
        "from django.utils.translation import gettext_lazy\n"
        'LABEL = _("At")\n'
        'POINTS = [gettext_lazy("%(m)s months") % {"m": m} for m in (3, 6)]\n'
        "def per_request():\n"
        '    return _("At")\n'
    )
    found = _import_time_translations(module, tmp_path)
    assert [line.split()[0] for line in found] == ["probe.py:3", "probe.py:4"]


def test_it_translates_nothing_at_import() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts or "management" in path.parts:
            continue
        found += _import_time_translations(path)
    assert found == []
