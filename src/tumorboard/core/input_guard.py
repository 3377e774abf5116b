"""Request hygiene: odd input is a 4xx naming the parameter, before any view sees it.

One middleware for every page, the JSON API and FHIR: control characters (NUL and the
other C0/C1 controls except tab, newline and carriage return, which textareas send, and
lone surrogates) in the path, a query parameter, a form field, an uploaded CSV or a JSON
string; JSON nested deeper than MAX_JSON_DEPTH (Python's parser would recurse until it
crashes); bodies above DATA_UPLOAD_MAX_MEMORY_SIZE or with too many fields. It also maps
the domain's InvalidInput raised by a page (e.g. an unknown registry filter) to 400 naming
the field, where before it was a server error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 64
# Uploaded CSVs above this are left to the importer's own size limit, unread here.
MAX_SCANNED_UPLOAD = 50 * 1024 * 1024
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FHIR_PREFIX = "/fhir/"


class Refused(Exception):
    """Input refused before the view: HTTP status, the parameter and a message."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.status, self.field, self.message = status, field, message


def printable_name(name: str) -> str:
    """A parameter's name as the error shows it: control characters escaped."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                       else f"\\u{ord(m.group()):04x}", name)


def check_text(value: str, field: str) -> None:
    if CONTROL.search(value):
        raise Refused(400, printable_name(field),
                      _("This value contains a control character (such as NUL), "
                        "which is not allowed."))


def check_pairs(pairs: Iterable[tuple[str, list[Any]]]) -> None:
    """Every value of every key (`?q=ok&q=%00` repeats q)."""
    for key, values in pairs:
        check_text(key, key)
        for value in values:
            check_text(str(value), key)


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest, counted without parsing (so without recursion)."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    if len(brackets) <= MAX_JSON_DEPTH:
        return len(brackets)
    steps = (1 if b == 1 else -1 for b in brackets.translate(_STEP))
    return max(accumulate(steps), default=0)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (field path, string) of a parsed JSON document, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from _strings(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def check_json(body: bytes) -> None:
    if json_depth(body) > MAX_JSON_DEPTH:
        raise Refused(400, "body", _("The JSON is nested more than %(n)d levels deep.")
                      % {"n": MAX_JSON_DEPTH})
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return  # not JSON: the view answers with its own error
    for path, text in _strings(document, ""):
        check_text(text, path or "body")


def check_uploads(request: HttpRequest) -> None:
    for name, uploads in request.FILES.lists():
        for upload in uploads:
            if (upload.name or "").lower().endswith(".csv") and \
                    (upload.size or 0) <= MAX_SCANNED_UPLOAD:
                _check_csv(name, upload)


def _check_csv(name: str, upload: UploadedFile) -> None:
    check_text(upload.name or "", name)
    for number, line in enumerate(upload, start=1):
        if CONTROL.search(line.decode("utf-8", errors="replace")):
            raise Refused(400, printable_name(name),
                          _("Line %(line)d of the file contains a control character "
                            "(such as NUL), which is not allowed.") % {"line": number})
    upload.seek(0)


def _has_body(request: HttpRequest) -> bool:
    return request.method not in ("GET", "HEAD", "OPTIONS", "DELETE", "TRACE") or \
        bool(request.META.get("CONTENT_LENGTH"))


def check_request(request: HttpRequest) -> None:
    check_text(request.path, "path")
    check_pairs(request.GET.lists())
    if not _has_body(request):
        return
    try:
        if request.content_type in FORM_TYPES:
            check_pairs(request.POST.lists())
            check_uploads(request)
        elif request.body:
            check_json(request.body)
    except RequestDataTooBig:
        raise Refused(413, "body", _("The request body is too large.")) from None
    except TooManyFieldsSent:
        raise Refused(413, "body", _("The request has too many fields.")) from None


def refusal(request: HttpRequest, status: int, field: str | None, message: str) -> HttpResponse:
    """The refusal in the caller's format: an OperationOutcome for FHIR, else the API's
    error shape ({"error", "field", "errors"})."""
    if request.path.startswith(FHIR_PREFIX):
        issue = {"severity": "error", "code": "too-costly" if status == 413 else "invalid",
                 "diagnostics": message, **({"expression": [field]} if field else {})}
        return JsonResponse({"resourceType": "OperationOutcome", "issue": [issue]},
                            status=status, content_type="application/fhir+json")
    return JsonResponse({"error": message, "field": field,
                         "errors": [{"field": field or "", "error": message}]}, status=status)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except Refused as refused:
            return refusal(request, refused.status, refused.field, refused.message)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Imported here: core sits below the domain apps that define the error type.
        from tumorboard.patients.validation import InvalidInput, StaleVersion

        if not isinstance(exception, InvalidInput):
            return None
        field, message = next(iter(exception.errors.items()))
        return refusal(request, 409 if isinstance(exception, StaleVersion) else 400,
                       field, message)
