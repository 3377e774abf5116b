"""Fill a (throwaway) PostgreSQL tumorboard database with a synthetic outcomes registry.

N patients, one case each (breast 50%, rectum 30%, sarcoma 20%), diagnosed 2012-2024 at
three sites, analysed on 2026-06-30. 90% are operated 14-60 days after diagnosis with the
pathway's procedures (reconstruction after a quarter of mastectomies, APR in a fifth of
rectal resections, amputation in a tenth of sarcomas); a quarter of operations have one
Clavien-Dindo graded complication (a third of LAR/ISR complications are anastomotic
leaks). Follow-up: exponential hazards of death, local recurrence and distant metastasis
by stage, 2% perioperative deaths, 2%/year loss to follow-up, administrative censoring;
every survivor has a last-contact event. Rows are written with COPY, ids chosen here.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from tumorboard.pathways import compute

ANALYSIS_DATE = dt.date(2026, 6, 30)
FIRST_DIAGNOSIS = dt.date(2012, 1, 1)
LAST_DIAGNOSIS = dt.date(2024, 12, 31)
YEAR = 365.25
PATHWAYS = {"breast": ("C50.9", "8500/3", 0.5), "rectum": ("C20.9", "8140/3", 0.3),
            "sarcoma": ("C49.2", "8850/3", 0.2)}
STAGES = np.array(["I", "II", "III", "IV"])
STAGE_P = [0.3, 0.35, 0.25, 0.1]
DEATH_HAZARD = np.array([0.01, 0.03, 0.08, 0.30])  # per year, by stage
LR_HAZARD = np.array([0.01, 0.02, 0.04, 0.06])
DM_HAZARD = np.array([0.01, 0.03, 0.07, 0.20])
GRADES = np.array(["I", "II", "IIIa", "IIIb", "IVa", "IVb"])
GRADE_P = [0.3, 0.35, 0.13, 0.12, 0.06, 0.04]
Array = npt.NDArray[np.generic]


def _dates(days_since_first: npt.NDArray[np.int64]) -> npt.NDArray[np.str_]:
    return (np.datetime64(FIRST_DIAGNOSIS) + days_since_first.astype("timedelta64[D]")).astype(
        str)


def _uuids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def copy_rows(cursor: object, table: str, columns: Mapping[str, object]) -> None:
    """COPY a dict of equal-length columns into ``table`` (None/NaN -> NULL)."""
    frame = pd.DataFrame(columns)
    # Synthetic ids are consistent by construction: skip the per-row foreign-key triggers.
    cursor.execute("SET session_replication_role = replica")  # type: ignore[attr-defined]
    buffer = io.StringIO()
    frame.to_csv(buffer, sep="\t", header=False, index=False, na_rep="\\N")
    names = ", ".join(f'"{c}"' for c in frame.columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        copy.write(buffer.getvalue())


def _procedures(rng: np.random.Generator, pathway: Array) -> dict[str, Array]:
    n = pathway.size
    procedure = np.empty(n, dtype=object)
    breast, rectum, sarcoma = (pathway == "breast", pathway == "rectum", pathway == "sarcoma")
    procedure[breast] = rng.choice(["BCS", "MAST", "SSM", "NSM"], p=[.45, .35, .1, .1],
                                   size=breast.sum())
    procedure[rectum] = rng.choice(["LAR", "ISR", "APR", "HARTMANN"], p=[.6, .15, .2, .05],
                                   size=rectum.sum())
    procedure[sarcoma] = rng.choice(["LIMB_SPARING", "AMPUTATION", "TRUNK_RESECTION"],
                                    p=[.85, .1, .05], size=sarcoma.sum())
    mastectomy = np.isin(procedure, ["MAST", "SSM", "NSM"])
    reconstructed = mastectomy & (rng.random(n) < 0.25)
    anastomosis = np.isin(procedure, ["LAR", "ISR"])
    resection = rectum
    permanent = np.where(procedure == "APR", True, anastomosis & (rng.random(n) < 0.1))
    return {
        "procedure": procedure,
        "reconstruction": np.where(reconstructed, "immediate", np.where(mastectomy, "none", "")),
        "reconstruction_type": np.where(reconstructed, "implant", ""),
        "sphincter_preserved": np.where(resection, np.where(anastomosis, "t", "f"), None),
        "permanent_stoma_18m": np.where(resection, np.where(permanent, "t", "f"), None),
        "limb_outcome": np.where(procedure == "AMPUTATION", "amputation",
                                 np.where(procedure == "LIMB_SPARING", "salvage", "")),
        "anastomosis": anastomosis,
    }


def generate(cursor: object, n: int, site_ids: list[int], surgeon_ids: list[list[int]],
             seed: int = 20261123) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    names = list(PATHWAYS)
    pathway = rng.choice(names, p=[PATHWAYS[p][2] for p in names], size=n)
    site_index = rng.integers(0, len(site_ids), n)
    diag = rng.integers(0, (LAST_DIAGNOSIS - FIRST_DIAGNOSIS).days + 1, n)
    stage_index = rng.choice(4, p=STAGE_P, size=n)
    operated = rng.random(n) < 0.9
    start = rng.integers(14, 61, n)  # days from diagnosis to the operation
    admin = (ANALYSIS_DATE - FIRST_DIAGNOSIS).days - diag

    def draw(hazard: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(start + rng.exponential(YEAR / hazard[stage_index]))

    t_death = draw(DEATH_HAZARD)
    early = operated & (rng.random(n) < 0.02)
    t_death[early] = start[early] + rng.integers(1, 91, early.sum())
    t_loss = start + rng.exponential(YEAR / 0.02, n)
    end = np.floor(np.minimum.reduce([t_death, t_loss, admin.astype(float)])).astype(np.int64)
    died = t_death <= np.minimum(t_loss, admin)
    t_lr, t_dm = np.floor(draw(LR_HAZARD)).astype(np.int64), np.floor(draw(DM_HAZARD)).astype(
        np.int64)
    ids = np.arange(1, n + 1)
    death_date = np.where(died, _dates(diag + end), None)
    copy_rows(cursor, "patients_patient", {
        "id": ids, "external_id": _uuids(n), "created": "2026-06-30 00:00:00+00",
        "modified": "2026-06-30 00:00:00+00", "site_id": np.asarray(site_ids)[site_index],
        "mrn": [f"B{i:08d}" for i in ids], "family_name": "Bench", "given_name": "Patient",
        "sex": np.where(pathway == "breast", "female", "male"),
        "birth_date": _dates(diag - 365 * 60), "phone": "", "email": "", "address": "",
        "preferred_language": "en", "national_id_hash": "", "research_consent": "f",
        "date_of_death": death_date})
    stage = STAGES[stage_index]
    copy_rows(cursor, "patients_case", {
        "id": ids, "external_id": _uuids(n), "created": "2026-06-30 00:00:00+00",
        "modified": "2026-06-30 00:00:00+00", "patient_id": ids,
        "site_id": np.asarray(site_ids)[site_index], "pathway": pathway,
        "primary_site_code": [PATHWAYS[p][0] for p in pathway], "primary_site_label": "",
        "histology_code": [PATHWAYS[p][1] for p in pathway], "histology_label": "",
        "laterality": "", "diagnosis_date": _dates(diag), "clinical_t": "", "clinical_n": "",
        "clinical_m": "", "clinical_stage": stage, "pathological_t": "", "pathological_n": "",
        "pathological_m": "", "pathological_stage": stage, "grade": "", "status": "follow_up",
        "referred_by": "", "notes": ""})
    counts = {"patients": n, "cases": n}
    counts["operations"] = _operations(cursor, rng, ids[operated], pathway[operated],
                                       diag[operated], start[operated], end[operated],
                                       site_index[operated], surgeon_ids)
    counts["follow_up_events"] = _events(cursor, ids, diag, end, died, t_lr, t_dm)
    return counts


def _operations(cursor: object, rng: np.random.Generator, case_ids: Array, pathway: Array,
                diag: npt.NDArray[np.int64], start: npt.NDArray[np.int64],
                end: npt.NDArray[np.int64], site_index: npt.NDArray[np.int64],
                surgeon_ids: list[list[int]]) -> int:
    m = case_ids.size
    ops = _procedures(rng, pathway)
    per_site = np.asarray(surgeon_ids)  # sites x surgeons
    surgeon = per_site[site_index, rng.integers(0, per_site.shape[1], m)]
    complicated = (rng.random(m) < 0.25) & (end >= start + 20)
    grade = rng.choice(GRADES, p=GRADE_P, size=m)
    weight = {g: float(compute("cci", {"complications": [g]})["total"] or 0) for g in GRADES}
    cci = np.where(complicated, np.vectorize(weight.get)(grade), 0.0)
    op_ids = np.arange(1, m + 1)
    copy_rows(cursor, "outcomes_operation", {
        "id": op_ids, "external_id": _uuids(m), "created": "2026-06-30 00:00:00+00",
        "modified": "2026-06-30 00:00:00+00", "case_id": case_ids,
        "date": _dates(diag + start), "surgeon_id": surgeon, "procedure": ops["procedure"],
        "intent": "curative", "margin": "R0", "reconstruction": ops["reconstruction"],
        "reconstruction_type": ops["reconstruction_type"], "flap": "",
        "sphincter_preserved": ops["sphincter_preserved"],
        "permanent_stoma_18m": ops["permanent_stoma_18m"], "limb_outcome": ops["limb_outcome"],
        "limb_reconstruction": "", "notes": "", "cci": cci})
    leak = ops["anastomosis"] & (rng.random(m) < 0.33)
    chosen = np.flatnonzero(complicated)
    copy_rows(cursor, "outcomes_complication", {
        "id": np.arange(1, chosen.size + 1), "external_id": _uuids(chosen.size),
        "created": "2026-06-30 00:00:00+00", "modified": "2026-06-30 00:00:00+00",
        "operation_id": op_ids[chosen],
        "type": np.where(leak[chosen], "anastomotic_leak", "wound_infection"),
        "grade": grade[chosen],
        "date": _dates(diag[chosen] + start[chosen] + rng.integers(1, 20, chosen.size)),
        "description": ""})
    return m


def _events(cursor: object, ids: Array, diag: npt.NDArray[np.int64],
            end: npt.NDArray[np.int64], died: npt.NDArray[np.bool_],
            t_lr: npt.NDArray[np.int64], t_dm: npt.NDArray[np.int64]) -> int:
    parts: list[tuple[Array, str, npt.NDArray[np.int64], str]] = []
    lr, dm = t_lr < end, t_dm < end
    parts.append((ids[lr], "local_recurrence", diag[lr] + t_lr[lr], ""))
    parts.append((ids[dm], "distant_metastasis", diag[dm] + t_dm[dm], ""))
    parts.append((ids[died], "death", diag[died] + end[died], "cancer"))
    alive = ~died
    parts.append((ids[alive], "last_contact", diag[alive] + end[alive], ""))
    case_id = np.concatenate([p[0] for p in parts])
    total = case_id.size
    copy_rows(cursor, "outcomes_followupevent", {
        "id": np.arange(1, total + 1), "external_id": _uuids(total),
        "created": "2026-06-30 00:00:00+00", "modified": "2026-06-30 00:00:00+00",
        "case_id": case_id, "type": np.concatenate([np.full(p[0].size, p[1]) for p in parts]),
        "date": _dates(np.concatenate([p[2] for p in parts])),
        "cause_of_death": np.concatenate([np.full(p[0].size, p[3]) for p in parts]),
        "notes": ""})
    return total
