"""Every service and validation message a person reads goes through gettext (issue 18).

Reads the source (ast) of every module except migrations and the pure cores (which import
no Django and translate at the Django boundary) and fails on a bare string literal or
f-string used as a message in:
- a dict passed to `InvalidInput(...)` (or a subclass's `super().__init__({...})`),
- `errors[...] = <literal>`, `errors = {...: <literal>}` and a dict returned by a function
  whose name says it gives errors (`def date_errors(...): return {name: <literal>}`),
- `raise InvalidInput/ValidationError/PermissionDenied(<literal>)`, the message of
  `ImportFailed(line, field, <literal>)`,
- `messages.success/error/warning/info(request, <literal>)`.
A gettext call (`_`, `gettext`, `gettext_lazy`, `pgettext`, `ngettext`, ... and
`gettext(...) % {...}`) is fine."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import tumorboard
from tests.test_pure_cores import PURE

SOURCE = Path(tumorboard.__file__).parent
RAISED = {"InvalidInput", "ValidationError", "PermissionDenied"}
LEVELS = {"success", "error", "warning", "info"}
# Errors whose message comes after where and what: ImportFailed(line, field, message), which
# the follow-up import page shows.
MESSAGE_AT = {"ImportFailed": 2}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_pure(name: str) -> bool:
    return any(name == core or name.startswith(core + ".") for core in PURE)


def checked_modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py")
                  if "migrations" not in p.parts and not is_pure(module_name(p)))


def is_bare(node: ast.expr | None) -> bool:
    """A literal a person would read in English: "...", f"...", "..." % x, "a" + "b"."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return is_bare(node.left) or (isinstance(node.op, ast.Add) and is_bare(node.right))
    if isinstance(node, ast.IfExp):
        return is_bare(node.body) or is_bare(node.orelse)
    return False


def called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def dict_values(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.Dict):
        yield from node.values
    elif isinstance(node, ast.DictComp):
        yield node.value
    elif isinstance(node, ast.Call) and called(node) == "dict":
        yield from (keyword.value for keyword in node.keywords)


def is_super_init(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "__init__"
            and isinstance(func.value, ast.Call) and called(func.value) == "super")


def call_messages(node: ast.Call) -> Iterator[ast.expr]:
    name = called(node)
    if name in RAISED or is_super_init(node):
        for argument in node.args[:1]:
            yield from dict_values(argument)
    if name in RAISED and node.args:
        yield node.args[0]
    if name in MESSAGE_AT and len(node.args) > MESSAGE_AT[name]:
        yield node.args[MESSAGE_AT[name]]
    func = node.func
    if (name in LEVELS and isinstance(func, ast.Attribute)
            and getattr(func.value, "id", "") == "messages" and len(node.args) >= 2):
        yield node.args[1]


def is_errors_target(target: ast.expr) -> bool:
    if not isinstance(target, ast.Subscript):
        return False
    base = target.value
    name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
    return name.endswith("errors")


def returned_dicts(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    for node in ast.walk(function):
        if isinstance(node, ast.Return) and node.value is not None:
            returned = node.value
            parts = returned.elts if isinstance(returned, ast.Tuple) else [returned]
            for part in parts:
                yield from dict_values(part)


def assigned_messages(node: ast.Assign) -> Iterator[ast.expr]:
    for target in node.targets:
        if is_errors_target(target):
            yield node.value
        elif isinstance(target, ast.Name) and target.id.endswith("errors"):
            yield from dict_values(node.value)


def messages_in(tree: ast.AST) -> Iterator[ast.expr]:
    seen: set[int] = set()
    for node in ast.walk(tree):
        found: Iterator[ast.expr] = iter(())
        if isinstance(node, ast.Call):
            found = call_messages(node)
        elif isinstance(node, ast.Assign):
            found = assigned_messages(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "error" in node.name:
            found = returned_dicts(node)
        for message in found:
            if id(message) not in seen:
                seen.add(id(message))
                yield message


def text_of(node: ast.expr) -> str:
    return ast.unparse(node)[:90]


def offenders() -> list[str]:
    found: list[str] = []
    for path in checked_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(SOURCE.parents[1])
        bare = sorted((node for node in messages_in(tree) if is_bare(node)),
                      key=lambda node: node.lineno)
        found += [f"{relative}:{node.lineno}: {text_of(node)}" for node in bare]
    return found


def test_it_finds_a_bare_message() -> None:
    source = ('raise InvalidInput({"mrn": "Required", "ok": _("Fine")})\n'
              'errors["x"] = f"bad {y}"\nmessages.success(request, "Saved.")\n'
              'raise PermissionDenied("No.")\nraise ValidationError(_("Fine"))\n'
              'def date_errors():\n    return {"date": "In the future."}\n'
              'errors = {"x": "Bad.", "y": _("Fine")}\n'
              'raise InvalidInput({name: "Required." for name in missing})\n'
              'raise ImportFailed(3, "date", f"{x} is not a date.")\n'
              'raise ImportFailed(None, "file", _("Fine"))\n')
    bare = sorted(node.lineno for node in messages_in(ast.parse(source)) if is_bare(node))
    assert bare == [1, 2, 3, 4, 7, 8, 9, 10]


def test_it_skips_migrations_and_pure_cores() -> None:
    names = {module_name(p) for p in checked_modules()}
    assert "tumorboard.patients.validation" in names
    assert not any(name.startswith("tumorboard.pathways") for name in names)
    assert not any(".migrations." in name for name in names)


def test_it_has_every_message_through_gettext() -> None:
    found = offenders()
    assert not found, f"{len(found)} messages not through gettext:\n" + "\n".join(found)
