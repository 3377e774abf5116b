"""Import N synthetic patients (20 resources each) as FHIR Bundles, against merely parsing
and validating the same bundles with fhir.resources in the same run.

Two ways of importing, each into its own site so both create every patient:
- one bundle per transaction, as `POST /fhir/R4/` does (import_bundle per bundle);
- `tumorboard import fhir FILE...` (the management command, files written to a temporary
  folder first): all files in one transaction, written in batches of 200 bundles, one
  outcome-summary refresh at the end.

    PYTHONPATH=src .venv/bin/python benchmarks/fhir/bench_import.py --patients 10000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tb_bench_fhir \\
        PYTHONPATH=src .venv/bin/python benchmarks/fhir/bench_import.py --patients 10000

`--synthea N`: instead, N Synthea-shaped transaction bundles of about 170 entries each
(tests/fhir/synthea.py: the Patient, a breast cancer Condition coded as EHRs send it
(SNOMED 254837009, no histology), a sentinel node biopsy Procedure, and Encounters,
vital signs and Claims tumorboard does not store), as issue 13 asks:

    PYTHONPATH=src:. .venv/bin/python benchmarks/fhir/bench_import.py --synthea 500

With no DATABASE_URL a throwaway SQLite file under a temporary directory is used.
For PostgreSQL the named database is dropped and created first (it must be a throwaway).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = ["C50.1", "C50.2", "C50.4", "C50.9"]
TNM = [("T1c", "N0", "M0"), ("T2", "N1", "M0"), ("T3", "N0", "M0"), ("T2", "N0", "M0")]
STAGES = ["1A", "2B", "2B", "2A"]  # AJCC 8 anatomic groups of TNM above


def _obs(i: int, pid: str, cid: str, kind: str, code: dict[str, Any],
         value: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": f"o{i}-{kind.replace('_', '-')}",
            "status": "final",
            "code": code, "subject": {"reference": f"Patient/{pid}"},
            "focus": [{"reference": f"Condition/{cid}"}], "effectiveDateTime": "2025-01-02",
            **value}


def bundle(i: int) -> dict[str, Any]:
    from tumorboard.fhir import codes

    pid, cid = f"p{i}", f"c{i}"
    t, n, m = TNM[i % 4]
    resources: list[dict[str, Any]] = [
        {"resourceType": "Patient", "id": pid,
         "identifier": [{"system": "http://hospital.example.org", "value": f"BENCH{i:07d}"}],
         "name": [{"family": f"Family{i % 997}", "given": [f"Given{i}"]}],
         "gender": "female", "birthDate": f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}",
         "telecom": [{"system": "phone", "value": f"555-{i:07d}"}],
         "address": [{"line": [f"{i} Main St"], "city": "Anytown"}]},
        {"resourceType": "Condition", "id": cid,
         "extension": [{"url": codes.EXT_HISTOLOGY, "valueCodeableConcept": {
             "coding": [{"system": codes.ICDO3, "code": "8500/3"}]}}],
         "code": {"coding": [{"system": codes.SNOMED, "code": "254837009"}]},
         "bodySite": [{"coding": [{"system": codes.ICDO3, "code": SIZES[i % 4]}]}],
         "subject": {"reference": f"Patient/{pid}"}, "onsetDateTime": "2025-01-02"},
    ]
    for prefix in ("clinical", "pathological"):
        for axis, value in zip("tnm", (t, n, m), strict=True):
            kind = f"{prefix}_{axis}"
            code = {"coding": [{"system": codes.SNOMED, "code": codes.TNM_KINDS[kind][0]}]}
            ajcc = {"system": codes.AJCC, "code": codes.ajcc_category(kind, value)}
            resources.append(_obs(i, pid, cid, kind, code, {"valueCodeableConcept": {
                "coding": [ajcc]}}))
        kind = f"{prefix}_stage"
        code = {"coding": [{"system": codes.SNOMED, "code": codes.TNM_KINDS[kind][0]}]}
        resources.append(_obs(i, pid, cid, kind, code, {"valueCodeableConcept": {
            "coding": [{"system": codes.AJCC, "code": STAGES[i % 4]}]}}))
    loinc = {"system": codes.LOINC}
    resources.append(_obs(i, pid, cid, "ecog", {"coding": [{**loinc, "code": "89247-1"}]},
                          {"valueInteger": i % 3}))
    resources.append(_obs(i, pid, cid, "size", {"coding": [{**loinc, "code": "21889-1"}]}, {
        "component": [{"code": {"coding": [{**loinc, "code": "33728-7"}]},
                       "valueQuantity": {"value": 1.5 + i % 30, "code": "mm",
                                         "system": codes.UCUM}}]}))
    details: list[tuple[str, dict[str, Any]]] = [("multifocal", {"valueBoolean": i % 7 == 0}),
               ("planned-breast-surgery", {"valueString": "mastectomy"}),
               ("pmrt-expected", {"valueBoolean": False}),
               ("bmi", {"valueQuantity": {"value": 20 + i % 15, "code": "kg/m2",
                                          "unit": "kg/m2"}}),
               ("current-smoker", {"valueBoolean": False}),
               ("diabetes", {"valueBoolean": i % 5 == 0}),
               ("significant-comorbidity", {"valueBoolean": False})]
    for detail, element in details:
        resources.append(_obs(i, pid, cid, detail, {"coding": [
            {"system": codes.TB_CODESYSTEM, "code": detail}]}, element))
    resources.append({"resourceType": "Practitioner", "id": f"pr{i}",
                      "name": [{"family": "Doe"}]})
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": f"http://example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r}
        for r in resources]}


def synthea_bundle(i: int) -> dict[str, Any]:
    """A Synthea-shaped transaction bundle of about 170 entries, most not stored."""
    from tests.fhir import synthea

    person = synthea.patient(f"bench-{i}")["id"]
    slnb = {"resourceType": "Procedure", "id": synthea._id(f"bench-{i}-slnb"),
            "status": "completed", "code": {"coding": [
                {"system": "http://snomed.info/sct", "code": "396487001",
                 "display": "Sentinel lymph node biopsy (procedure)"}]},
            "subject": {"reference": f"urn:uuid:{person}"},
            "performedDateTime": "2019-04-02"}
    return synthea.bundle(f"bench-{i}", extra=[slnb], size=170)


def _prepare_database(url: str | None, folder: str) -> str:
    if not url:
        return f"sqlite:///{folder}/bench.sqlite3"
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--synthea", type=int, default=0,
                        help="this many Synthea-shaped bundles (~170 entries) instead")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tb-fhir-bench-")
    os.environ["DATABASE_URL"] = _prepare_database(os.environ.get("DATABASE_URL"), folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    os.environ.setdefault("TUMORBOARD_VAR_DIR", folder)
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from tumorboard.fhir.importer import ImportContext, import_bundle
    from tumorboard.fhir.validate import checked_bundle, load_json
    from tumorboard.network.models import Site

    call_command("migrate", verbosity=0)
    site = Site.objects.create(code="BENCH", name="Benchmark hospital")
    Site.objects.create(code="BENCHCLI", name="Benchmark hospital, command line")
    count = args.synthea or args.patients
    make = synthea_bundle if args.synthea else bundle
    raw = [json.dumps(make(i)).encode() for i in range(count)]
    resources = sum(len(json.loads(r)["entry"]) for r in raw)
    files = []
    for i, document in enumerate(raw):
        files.append(Path(folder) / f"Bundle-{i}.json")
        files[-1].write_bytes(document)

    start = time.perf_counter()
    for document in raw:
        checked_bundle(load_json(document), frozenset({"collection", "transaction"}))
    parse = time.perf_counter() - start

    context = ImportContext(AnonymousUser(), site, None)
    start = time.perf_counter()
    for document in raw:
        import_bundle(document, context)
    per_bundle = time.perf_counter() - start

    start = time.perf_counter()
    call_command("import", "fhir", *map(str, files), "--site", "BENCHCLI", stdout=io.StringIO())
    command = time.perf_counter() - start
    _report(connection.vendor, count, resources,
            [("parse + validate (fhir.resources)", parse),
             ("import, a transaction per bundle", per_bundle),
             ("import, command line (all files)", command)])


def _report(vendor: str, patients: int, resources: int,
            steps: list[tuple[str, float]]) -> None:
    parse = steps[0][1]
    print(f"database: {vendor}; patients: {patients}; resources: {resources}")
    print(f"{'step':<36}{'seconds':>9}{'resources/s':>13}{'ratio':>7}")
    for name, seconds in steps:
        print(f"{name:<36}{seconds:>9.2f}{resources / seconds:>13.0f}{parse / seconds:>7.2f}")
    print("ratio: import speed / parse-and-validate speed (target >= 0.50)")


if __name__ == "__main__":
    main()
