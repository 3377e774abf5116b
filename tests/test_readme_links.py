"""Every relative link and every file path the README names exists in the repository.

Links are Markdown ``[text](target)`` targets that are not URLs or in-page anchors; file
paths are backticked words shaped like paths (``a/b``, ``a/b.py``, ``docs/*.md``). A path
may be written from the repository root or from the package (``accounts/door.py`` means
``src/tumorboard/accounts/door.py``); a glob must match at least one file."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# Where a path written in the README may start.
BASES = (ROOT, ROOT / "src", ROOT / "src" / "tumorboard", ROOT / "src" / "tumorboard" / "core")
# Words shaped like paths that are not files of the repository.
NOT_FILES = re.compile(r"^(\./)?var(/.*)?$"  # runtime data, created by the app, git-ignored
                       r"|^[A-Z][a-z]+/[A-Z][A-Za-z_]+$")  # IANA time zones: Asia/Shanghai
# Named by the README today though not in the repository (the contracts live outside it).
# The README must stop naming these; remove each entry when it does (the test says when).
KNOWN_MISSING: frozenset[str] = frozenset()
LINK = re.compile(r"\]\(([^)\s]+)\)")
TICKED = re.compile(r"`([^`\s]+)`")
PATHLIKE = re.compile(r"[\w.\-]+(/[\w.\-*]+)+/?")


def named_paths(text: str) -> set[str]:
    links = {target.split("#")[0] for target in LINK.findall(text)
             if not re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith("#")}
    ticked = {word for word in TICKED.findall(text)
              if PATHLIKE.fullmatch(word) and not word.startswith("/")}
    return {path for path in links | ticked if path and not NOT_FILES.match(path)}


def exists(path: str) -> bool:
    clean = path.rstrip("/")
    for base in BASES:
        if any(ch in clean for ch in "*?["):
            if any(base.glob(clean)):
                return True
        elif (base / clean).exists() and (base / clean).resolve().is_relative_to(ROOT):
            return True
    return False


def test_it_finds_the_paths_the_readme_names() -> None:
    named = named_paths(README.read_text(encoding="utf-8"))
    assert len(named) > 10  # the parser still finds the README's links and paths
    assert "docs/staging.md" in named and "accounts/door.py" in named


def test_it_finds_every_named_path_in_the_repository() -> None:
    missing = sorted(p for p in named_paths(README.read_text(encoding="utf-8"))
                     if not exists(p) and p not in KNOWN_MISSING)
    assert missing == [], f"README names files that do not exist: {missing}"


def test_it_keeps_the_list_of_known_missing_paths_current() -> None:
    named = named_paths(README.read_text(encoding="utf-8"))
    fixed = sorted(p for p in KNOWN_MISSING if p not in named or exists(p))
    assert fixed == [], f"no longer missing from the README's paths: remove {fixed}"


def test_it_resolves_paths_from_the_package() -> None:
    assert exists("accounts/door.py") and exists("tests/foundation/test_stage_*.py")
    assert not exists("no/such/file.py") and not exists("../shared/contracts/theatre.md")
