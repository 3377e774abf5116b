"""A realistic, seeded synthetic data set: hospitals, patients and cases of every pathway.

Everything is generated, no real person is described. Distributions are plausible, not
epidemiology: breast cancer is the largest group, then rectal cancer, bone metastases,
melanoma and sarcoma.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tumorboard.patients.staging import breast, colorectal, stage_group

SITES = [
    ("EAST", "East River Cancer Centre", "Shanghai", True),
    ("WEST", "West Lake University Hospital", "Hangzhou", True),
    ("NORTH", "Northern County Hospital", "Baoding", False),
]
CN_FAMILY = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
CN_GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
            "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "小红", "建华",
            "玉兰", "晓东",
            "丹", "萍", "婷", "红梅", "志强", "海燕", "建国", "雪", "慧", "佳怡", "子涵", "一鸣"]
EN_FAMILY = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
             "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
             "Hall", "Wood", "Jackson", "Clarke", "Chan", "Wong", "Lee", "Patel", "Khan"]
EN_GIVEN_F = ["Mary", "Susan", "Margaret", "Linda", "Helen", "Sarah", "Emma", "Olivia", "Grace",
              "Anna", "Ruth", "Alice", "Jane", "Claire", "Fiona", "Joan", "Kate"]
EN_GIVEN_M = ["John", "David", "Peter", "James", "Robert", "Michael", "Paul", "Mark", "Tom",
              "George", "Richard", "Simon", "Andrew", "Colin", "Neil"]

PATHWAY_WEIGHTS = {"breast": 45, "rectum": 25, "bone_metastasis": 12, "melanoma": 10,
                   "sarcoma": 8}
STATUS_FLOW = ["referred", "work_up", "discussed", "in_treatment", "follow_up", "closed"]


@dataclass
class DemoPatient:
    site_code: str
    mrn: str
    family_name: str
    given_name: str
    sex: str
    birth_date: dt.date
    phone: str
    preferred_language: str
    research_consent: bool
    date_of_death: dt.date | None
    cases: list[DemoCase] = field(default_factory=list)


@dataclass
class DemoCase:
    pathway: str
    values: dict[str, Any]
    details: dict[str, Any]
    statuses: list[str]


def generate(n_patients: int, seed: int = 20261123, today: dt.date | None = None,
             site_codes: list[str] | None = None) -> list[DemoPatient]:
    rng = random.Random(seed)
    today = today or dt.date.today()
    codes = site_codes or [code for code, *_ in SITES]
    patients = []
    for index in range(n_patients):
        site = codes[index % len(codes)] if rng.random() < 0.85 else rng.choice(codes)
        pathway = rng.choices(list(PATHWAY_WEIGHTS), weights=list(PATHWAY_WEIGHTS.values()))[0]
        patients.append(_patient(rng, index, site, pathway, today))
    return patients


def _patient(rng: random.Random, index: int, site: str, pathway: str,
             today: dt.date) -> DemoPatient:
    female = (pathway == "breast" and rng.random() < 0.99) or (
        pathway != "breast" and rng.random() < 0.45)
    chinese = rng.random() < 0.75
    if chinese:
        family, given = rng.choice(CN_FAMILY), rng.choice(CN_GIVEN)
    else:
        family = rng.choice(EN_FAMILY)
        given = rng.choice(EN_GIVEN_F if female else EN_GIVEN_M)
    mean_age = {"breast": 54, "rectum": 62, "sarcoma": 50, "bone_metastasis": 62,
                "melanoma": 60}[pathway]
    age = min(92, max(18, int(rng.gauss(mean_age, 12))))
    diagnosed = today - dt.timedelta(days=rng.randint(5, 6 * 365))
    birth = diagnosed - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    died = None
    death_risk = 0.45 if pathway == "bone_metastasis" else 0.08
    if rng.random() < death_risk and (today - diagnosed).days > 60:
        died = diagnosed + dt.timedelta(days=rng.randint(30, (today - diagnosed).days))
    patient = DemoPatient(
        site_code=site, mrn=f"{site[0]}{100000 + index}", family_name=family, given_name=given,
        sex="female" if female else "male", birth_date=birth,
        phone=f"+86 1{rng.randint(30, 89)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        preferred_language="zh-hans" if chinese else "en",
        research_consent=rng.random() < 0.7, date_of_death=died,
    )
    patient.cases.append(_case(rng, pathway, diagnosed, died, today))
    return patient


def _statuses(rng: random.Random, diagnosed: dt.date, today: dt.date, died: bool) -> list[str]:
    age_days = (today - diagnosed).days
    reach = min(len(STATUS_FLOW) - 2, age_days // 45)
    reach = max(0, reach - rng.randint(0, 1))
    flow = STATUS_FLOW[: reach + 1]
    if died or (age_days > 4 * 365 and rng.random() < 0.3):
        flow.append("closed")
    return flow


def _case(rng: random.Random, pathway: str, diagnosed: dt.date, died: dt.date | None,
          today: dt.date) -> DemoCase:
    maker = {"breast": _breast, "rectum": _rectum, "sarcoma": _sarcoma,
             "bone_metastasis": _bone, "melanoma": _melanoma}[pathway]
    values, details = maker(rng)
    ecog = rng.choices([0, 1, 2, 3], weights=[50, 30, 15, 5])[0]
    values.update({"pathway": pathway, "diagnosis_date": diagnosed, "ecog": ecog,
                   "asa": min(4, 1 + ecog + rng.choice([0, 0, 1])),
                   "clinical_frailty_scale": min(9, 2 + ecog + rng.choice([0, 1]))})
    return DemoCase(pathway, values, details, _statuses(rng, diagnosed, today, died is not None))


def _breast(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    t_main, n_main = rng.choice([k for k in breast.TABLE if k[0] not in ("T0",)])
    t = {"T1": rng.choice(["T1a", "T1b", "T1c"]), "T4": rng.choice(["T4b", "T4d"])}.get(
        t_main, t_main)
    n = {"N1": "N1a", "N2": "N2a"}.get(n_main, n_main)
    size = {"Tis": rng.randint(5, 40), "T1a": rng.randint(2, 5), "T1b": rng.randint(6, 10),
            "T1c": rng.randint(11, 20), "T2": rng.randint(21, 50)}.get(t, rng.randint(51, 90))
    mastectomy = rng.random() < (0.35 if t in ("Tis", "T1a", "T1b", "T1c") else 0.7)
    receptors = _receptors(rng)
    grade = rng.choice(["G1", "G2", "G2", "G3"])
    prognostic = t != "Tis"  # AJCC 8th: DCIS is stage 0 in every table
    values = {"primary_site_code": rng.choice(["C50.4", "C50.2", "C50.9", "C50.1"]),
              "histology_code": "8500/2" if t == "Tis" else rng.choice(["8500/3"] * 8 + ["8520/3"]),
              "laterality": rng.choice(["left", "right"]),
              "clinical_t": t, "clinical_n": n, "clinical_m": "M0",
              "grade": grade if prognostic else "",
              "clinical_stage": stage_group(
                  "breast_clinical_prognostic", t, n, "M0", grade, er=receptors["er_status"],
                  pr=receptors["pr_status"], her2=receptors["her2_status"])
              if prognostic else stage_group("breast", t, n, "M0")}
    details = {"tumour_size_mm": size, "multifocal": rng.random() < 0.15,
               "planned_surgery": "mastectomy" if mastectomy else "conserving",
               "radiotherapy_expected_after_mastectomy": mastectomy and n_main != "N0",
               "bmi": Decimal(str(round(rng.gauss(24.5, 4), 1))),
               "smoking": rng.random() < 0.08, "diabetes": rng.random() < 0.1,
               "significant_comorbidity": rng.random() < 0.05,
               "prior_chest_wall_radiotherapy": rng.random() < 0.02,
               **(receptors if prognostic else {}),
               "ki67_percent": rng.choice([5, 10, 15, 20, 30, 40, 60]) if prognostic else None}
    return values, details


def _receptors(rng: random.Random) -> dict[str, str]:
    """Roughly the population mix: ~70% ER+, most ER+ also PR+, ~15% HER2+."""
    er = rng.random() < 0.7
    pr = (er and rng.random() < 0.85) or (not er and rng.random() < 0.05)
    return {"er_status": "positive" if er else "negative",
            "pr_status": "positive" if pr else "negative",
            "her2_status": "positive" if rng.random() < 0.15 else "negative"}


def _rectum(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    t, n_main = rng.choice([k for k in colorectal.TABLE if k[0] != "Tis"])
    n = {"N1": rng.choice(["N1a", "N1b"])}.get(n_main, n_main)
    verge = round(rng.uniform(1.5, 14.0), 1)
    external = verge < 3.5 and t in ("T4a", "T4b") and rng.random() < 0.5
    values = {"primary_site_code": "C20.9", "histology_code": rng.choice(["8140/3"] * 9 +
                                                                          ["8480/3"]),
              "clinical_t": t, "clinical_n": n, "clinical_m": "M0",
              "clinical_stage": stage_group("colorectal", t, n, "M0")}
    details = {"distance_from_anal_verge_cm": Decimal(str(verge)),
               "distance_from_anorectal_ring_cm": Decimal(str(round(verge - 3.5, 1))),
               "mri_t": t, "mri_n": n[:2], "mesorectal_fascia_involved": rng.random() < 0.15,
               "emvi": rng.random() < 0.25,
               "internal_sphincter_invaded": verge < 4 and rng.random() < 0.4,
               "external_sphincter_or_levator_invaded": external,
               "lateral_lymph_nodes": rng.random() < 0.1,
               "baseline_continence": rng.choice(["good"] * 8 + ["impaired", "poor"])}
    therapy = rng.choice(["", "none", "long_course_crt", "short_course_rt", "tnt"])
    details["neoadjuvant_therapy"] = therapy
    if therapy not in ("", "none") and rng.random() < 0.8:
        # OPRA/IWWD-like mix: about a quarter clinical complete, some near-complete.
        details["neoadjuvant_response"] = rng.choices(
            ["complete", "near_complete", "incomplete"], weights=[25, 15, 60])[0]
    return values, details


def _sarcoma(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    size = round(rng.uniform(2, 22), 1)
    grade = rng.choice([1, 2, 3, 3])
    t = ("T1" if size <= 5 else "T2" if size <= 10 else "T3" if size <= 15 else "T4")
    n, m = ("N1" if rng.random() < 0.04 else "N0"), ("M1" if rng.random() < 0.1 else "M0")
    limb = rng.random() < 0.75
    values = {"primary_site_code": rng.choice(["C49.2", "C49.1"] if limb else ["C49.3", "C49.6"]),
              "histology_code": rng.choice(["8850/3", "8852/3", "8805/3", "8890/3", "9040/3",
                                            "8811/3"]),
              "laterality": rng.choice(["left", "right"]) if limb else "",
              "clinical_t": t, "clinical_n": n, "clinical_m": m, "grade": f"G{grade}",
              "clinical_stage": stage_group("soft_tissue_trunk_extremity", t, n, m, f"G{grade}")}
    nv = rng.choices(["none", "abutting", "encased_reconstructable", "encased_unreconstructable"],
                     weights=[70, 18, 8, 4])[0]
    details = {"size_cm": Decimal(str(size)), "depth": rng.choice(["deep"] * 3 + ["superficial"]),
               "fnclcc_grade": grade, "limb": limb,
               "compartment": rng.choice(["anterior thigh", "posterior thigh", "adductor",
                                          "calf", "arm"]) if limb else "trunk wall",
               "major_neurovascular_involvement": nv, "expected_defect_large": size > 10}
    return values, details


PRIMARIES = ["lung", "breast", "prostate", "kidney", "thyroid", "liver", "rectum", "stomach",
             "unknown", "other"]
PRIMARY_CODES = {"lung": "C34.9", "breast": "C50.9", "prostate": "C61.9", "kidney": "C64.9",
                 "thyroid": "C73.9", "liver": "C22.0", "rectum": "C20.9", "stomach": "C16.9",
                 "unknown": "C80.9", "other": "C80.9"}
SPINE = [f"C{i}" for i in range(1, 8)] + [f"T{i}" for i in range(1, 13)] + [
    f"L{i}" for i in range(1, 6)]


def _bone(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    primary = rng.choices(PRIMARIES, weights=[25, 22, 15, 10, 5, 6, 4, 4, 5, 4])[0]
    spinal = rng.random() < 0.7
    levels = sorted(rng.sample(SPINE, rng.randint(1, 3))) if spinal else []
    limbs = [] if spinal and rng.random() < 0.7 else [rng.choice(["femur", "humerus", "tibia"])]
    values = {"primary_site_code": "C41.2" if spinal else "C40.2",
              "histology_code": rng.choice(["8000/6", "8010/6", "8140/6"]),
              "notes": f"Primary: {PRIMARY_CODES[primary]}"}
    frankel = rng.choices(["E", "D", "C", "B", "A"], weights=[70, 15, 8, 4, 3])[0]
    details = {"spinal_levels": levels, "limb_bones": limbs, "primary_tumour": primary,
               "visceral_metastases": rng.choice(["none", "none", "removable", "unremovable"]),
               "frankel": frankel,
               "spinal_lesions": [_spinal_lesion(rng, level, frankel) for level in levels],
               "limb_lesions": [_limb_lesion(rng, bone) for bone in limbs]}
    return values, details


def _spinal_lesion(rng: random.Random, level: str, frankel: str) -> dict[str, Any]:
    """A plausible assessment: compression (Bilsky 2-3) is likelier with a deficit."""
    bilsky = rng.choice(["2", "3"]) if frankel != "E" and rng.random() < 0.7 else rng.choice(
        ["0", "0", "1a", "1b", "1c"])
    return {"level": level, "bilsky": bilsky, "sins": {
        "pain": rng.choice(["mechanical", "occasional", "none"]),
        "lesion": rng.choice(["lytic", "mixed", "blastic"]),
        "alignment": rng.choices(["normal", "deformity", "subluxation"], weights=[80, 15, 5])[0],
        "collapse": rng.choice(["none", "none_over_50_involved", "under_50", "over_50"]),
        "posterolateral": rng.choice(["none", "unilateral", "bilateral"])}}


def _limb_lesion(rng: random.Random, bone: str) -> dict[str, Any]:
    site = "upper_limb" if bone == "humerus" else rng.choice(["lower_limb", "peritrochanteric"])
    return {"bone": bone, "mirels": {
        "site": site, "pain": rng.choice(["mild", "moderate", "functional"]),
        "lesion": rng.choice(["blastic", "mixed", "lytic"]),
        "size": rng.choice(["under_one_third", "one_third_to_two_thirds", "over_two_thirds"])}}


def _melanoma(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    breslow = round(min(12.0, rng.lognormvariate(0, 0.9)), 2)
    values = {"primary_site_code": rng.choice(["C44.5", "C44.6", "C44.7", "C44.3"]),
              "histology_code": rng.choice(["8743/3", "8743/3", "8721/3", "8744/3", "8742/3"])}
    details = {"breslow_mm": Decimal(str(breslow)), "ulceration": rng.random() < 0.25,
               "mitotic_rate_per_mm2": rng.choice([0, 1, 1, 2, 3, 5, 8]),
               "lymphovascular_invasion": rng.random() < 0.1,
               "deep_margin_positive": rng.random() < 0.05,
               "clinically_node_positive": rng.random() < 0.08,
               "on_limb": values["primary_site_code"] in ("C44.6", "C44.7"),
               "in_transit_metastases": rng.random() < 0.03}
    return values, details
