"""Files attached to reports: what a file is (from its first bytes, never from the name or
the sender's content type), where it is stored, and reading it back.

A file is stored under MEDIA_ROOT (the runtime folder, VAR_DIR/media) as
``reports/<case id>/<attachment id>``: ids only, so that no name a sender chose becomes
a path."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

PDF, PNG, JPEG, DICOM = "application/pdf", "image/png", "image/jpeg", "application/dicom"
ALLOWED = (PDF, PNG, JPEG, DICOM)
SNIFF_BYTES = 132
MAX_NAME = 255


@dataclass(frozen=True)
class Received:
    """An uploaded file after its checks: kind, size and digest of what was read."""

    content: bytes
    content_type: str
    sha256: str
    original_name: str


def sniff(head: bytes) -> str | None:
    """The allowed type the first bytes show, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= SNIFF_BYTES and head[128:132] == b"DICM":
        return DICOM
    return None


def max_bytes() -> int:
    return int(settings.REPORT_ATTACHMENT_MAX_BYTES)


def clean_name(name: str) -> str:
    """The sender's file name as a label: its last part, without control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable()).strip()
    return printable[:MAX_NAME] or gettext("attachment")


def receive(chunks: Iterable[bytes], size: int | None, name: str) -> Received:
    """Read an upload within the size limit and check its kind. Errors name ``file``."""
    from tumorboard.patients.validation import InvalidInput

    limit = max_bytes()
    if size is not None and size > limit:
        raise InvalidInput({"file": too_big(limit)})
    data = bytearray()
    for chunk in chunks:
        data.extend(chunk)
        if len(data) > limit:
            raise InvalidInput({"file": too_big(limit)})
    if not data:
        raise InvalidInput({"file": gettext("The file is empty.")})
    kind = sniff(bytes(data[:SNIFF_BYTES]))
    if kind is None:
        raise InvalidInput({"file": gettext(
            "Only PDF, PNG, JPEG or DICOM files can be attached to a report.")})
    content = bytes(data)
    return Received(content, kind, hashlib.sha256(content).hexdigest(), clean_name(name))


def too_big(limit: int) -> str:
    return gettext("The file is larger than %(mb).0f MB.") % {"mb": limit / (1024 * 1024)}


def stored_name(case_id: uuid.UUID, attachment_id: uuid.UUID) -> str:
    return f"reports/{case_id}/{attachment_id}"


def path_of(name: str) -> Path:
    """The file's path, which must lie under MEDIA_ROOT/reports."""
    root = (Path(settings.MEDIA_ROOT) / "reports").resolve()
    path = (Path(settings.MEDIA_ROOT) / name).resolve()
    if root not in path.parents:
        raise ValueError(f"attachment path outside the reports folder: {name}")
    return path


def write(name: str, content: bytes) -> Path:
    """Write the file whole (a temporary name, then renamed), never over another."""
    path = path_of(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    with open(temporary, "xb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def remove(name: str) -> None:
    path_of(name).unlink(missing_ok=True)
