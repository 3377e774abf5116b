"""Words for the recommendation's codes: English (translatable through gettext) and the
plain Simplified Chinese used in patient letters until the .po fragment is merged."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MODALITY_LABELS = {
    "surgery": _("Surgery"),
    "neoadjuvant_therapy": _("Neoadjuvant therapy"),
    "adjuvant_therapy": _("Adjuvant therapy"),
    "radiotherapy": _("Radiotherapy"),
    "surveillance": _("Surveillance"),
    "best_supportive_care": _("Best supportive care"),
}
INTENT_LABELS = {"curative": _("Curative"), "palliative": _("Palliative")}
TRIAL_LABELS = {
    "eligible_offered": _("Eligible for a clinical trial; trial to be offered"),
    "not_eligible": _("Considered; not eligible for an open trial"),
    "no_trial_available": _("Considered; no suitable trial open"),
}
DECISION_LABELS = {
    "offered_accepted": _("Offered, accepted"),
    "offered_declined": _("Offered, declined (patient preference)"),
    "not_suitable": _("Not suitable"),
    "referred_elsewhere": _("Referred elsewhere"),
}

# Plain words for the patient letter in English.
PLAIN_MODALITY_EN = {
    "surgery": _("an operation"),
    "neoadjuvant_therapy": _("treatment before the operation to shrink the tumour "
                             "(neoadjuvant therapy)"),
    "adjuvant_therapy": _("treatment after the operation to lower the chance of the cancer "
                          "coming back (adjuvant therapy)"),
    "radiotherapy": _("radiotherapy (treatment with targeted X-rays)"),
    "surveillance": _("regular check-ups and scans (surveillance)"),
    "best_supportive_care": _("care that focuses on comfort and quality of life "
                              "(best supportive care)"),
}
PLAIN_INTENT_EN = {
    "curative": _("The aim of treatment is to cure the cancer."),
    "palliative": _("The aim of treatment is to control the cancer and ease symptoms."),
}

PLAIN_MODALITY_ZH = {
    "surgery": "手术",
    "neoadjuvant_therapy": "术前治疗，使肿瘤缩小（新辅助治疗）",
    "adjuvant_therapy": "术后治疗，降低复发的可能（辅助治疗）",
    "radiotherapy": "放射治疗（放疗）",
    "surveillance": "定期复查和影像检查（随访观察）",
    "best_supportive_care": "以舒适和生活质量为主的照护（最佳支持治疗）",
}
PLAIN_INTENT_ZH = {
    "curative": "治疗的目的是治愈肿瘤（根治性治疗）。",
    "palliative": "治疗的目的是控制病情、减轻症状（姑息性治疗）。",
}
DECISION_ZH = {
    "offered_accepted": "已向您介绍，您已同意",
    "offered_declined": "已向您介绍，您选择不采用",
    "not_suitable": "不适合您目前的情况",
    "referred_elsewhere": "将转诊到其他医院进行",
}
OPTION_ZH = {
    "breast_immediate_reconstruction": "即刻乳房重建",
    "melanoma_slnb": "前哨淋巴结活检",
    "rectal_sphincter_preservation": "保肛手术（保留肛门括约肌）",
    "rectal_watch_and_wait": "观察等待策略",
    "limb_salvage": "保肢手术",
    "sarcoma_amputation": "截肢手术",
    "sarcoma_flap_reconstruction": "皮瓣修复重建",
    "sarcoma_radiotherapy": "放射治疗（外照射或近距离放疗）",
    "spine_surgical_opinion": "脊柱外科会诊",
    "spine_en_bloc_excision": "整块切除手术",
    "limb_prophylactic_fixation": "预防性内固定手术",
    "bone_mets_mdt_review": "手术前多学科讨论",
}
TRIAL_ZH = {
    "eligible_offered": "您可能适合参加一项临床试验，医生会向您详细介绍。",
    "not_eligible": "我们考虑了临床试验，目前没有适合您的试验。",
    "no_trial_available": "我们考虑了临床试验，目前没有正在开放的合适试验。",
}


def zh_date(day: object) -> str:
    return f"{day.year}年{day.month}月{day.day}日"  # type: ignore[attr-defined]

ACTION_ZH = {
    "surgery": "在31天内安排手术",
    "neoadjuvant_therapy": "在31天内开始术前治疗",
    "adjuvant_therapy": "在31天内开始药物治疗",
    "radiotherapy": "在31天内开始放射治疗",
    "best_supportive_care": "在14天内由姑息治疗团队评估",
    "surveillance": "3个月后复查影像",
    "referral": "在14天内完成转诊",
    "trial": "在14天内评估是否适合参加临床试验",
}
