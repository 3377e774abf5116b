"""Per-lesion assessment of bone metastases on the case form: for each involved spinal
level its Bilsky grade and SINS items, for each involved limb bone its Mirels items.

Rows follow the levels and bones recorded on the case; a level added in the same save gets
its row the next time the form opens (the page says so).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tumorboard.pathways import labels
from tumorboard.pathways.score_labels import BILSKY, CHOICES, word_msgid

SINS_ITEMS = ("pain", "lesion", "alignment", "collapse", "posterolateral")
MIRELS_ITEMS = ("site", "pain", "lesion", "size")


def _choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    return [("", "—")] + [(value, _(label)) for value, label in table.items()]


def _item_label(score: str, item: str) -> str:
    return labels.fact_label(f"{score}.{item}", gettext)


item_label = lazy(_item_label, str)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)


class LesionAssessmentForm(forms.Form):
    def __init__(self, data: Any = None, *, levels: list[str], bones: list[str],
                 spinal: list[dict[str, Any]], limb: list[dict[str, Any]]) -> None:
        super().__init__(data, prefix="lesions")
        self.levels, self.bones = levels, bones
        known_spine = {str(item.get("level")): item for item in spinal if isinstance(item, dict)}
        known_limb = {str(item.get("bone")): item for item in limb if isinstance(item, dict)}
        for level in levels:
            saved = known_spine.get(level, {})
            self._add(f"spine_{_slug(level)}_bilsky", _("Bilsky grade"), BILSKY,
                      saved.get("bilsky"), level)
            for item in SINS_ITEMS:
                self._add(f"spine_{_slug(level)}_{item}", item_label("sins", item),
                          CHOICES["sins"][item], (saved.get("sins") or {}).get(item), level)
        for bone in bones:
            saved = known_limb.get(bone, {})
            for item in MIRELS_ITEMS:
                self._add(f"limb_{_slug(bone)}_{item}", item_label("mirels", item),
                          CHOICES["mirels"][item], (saved.get("mirels") or {}).get(item), bone)

    def _add(self, name: str, label: Any, table: dict[str, str], initial: object,
             group: str) -> None:
        field = forms.ChoiceField(label=label, choices=_choices(table), required=False,
                                  initial=initial or "")
        field.widget.attrs["data-group"] = group
        self.fields[name] = field

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Fields grouped per lesion, for the template."""
        out = []
        for kind, names in (("spine", self.levels), ("limb", self.bones)):
            for name in names:
                prefix = f"{kind}_{_slug(name)}_"
                heading = vocabulary_word(name) if kind == "limb" else name
                out.append((heading, [self[f] for f in self.fields if f.startswith(prefix)]))
        return out

    def lesions(self) -> dict[str, list[dict[str, Any]]]:
        """The assessments as stored on BoneMetastasisDetails (blank items left out)."""
        data = self.cleaned_data
        spinal = []
        for level in self.levels:
            key = f"spine_{_slug(level)}_"
            sins = {i: data[key + i] for i in SINS_ITEMS if data.get(key + i)}
            lesion: dict[str, Any] = {"level": level, "sins": sins}
            if data.get(key + "bilsky"):
                lesion["bilsky"] = data[key + "bilsky"]
            spinal.append(lesion)
        limb = []
        for bone in self.bones:
            key = f"limb_{_slug(bone)}_"
            limb.append({"bone": bone,
                         "mirels": {i: data[key + i] for i in MIRELS_ITEMS if data.get(key + i)}})
        return {"spinal_lesions": spinal, "limb_lesions": limb}


def lesion_summaries(details: Any) -> list[tuple[str, str]]:
    """Each assessed lesion as a line a clinician reads: "T10: Bilsky grade 2 — …; SINS: pain
    Mechanical pain …" (labels, never the stored codes)."""
    rows = []
    for lesion in details.spinal_lesions or []:
        parts = []
        if lesion.get("bilsky") in BILSKY:
            parts.append(f"{gettext('Bilsky grade')} {gettext(BILSKY[lesion['bilsky']])}")
        parts += [f"{_item_label('sins', k)}: {gettext(CHOICES['sins'][k][v])}"
                  for k, v in (lesion.get("sins") or {}).items() if v in CHOICES["sins"].get(k, {})]
        rows.append((str(lesion.get("level", "")), "; ".join(parts) or "—"))
    for lesion in details.limb_lesions or []:
        parts = [f"{_item_label('mirels', k)}: {gettext(CHOICES['mirels'][k][v])}"
                 for k, v in (lesion.get("mirels") or {}).items()
                 if v in CHOICES["mirels"].get(k, {})]
        rows.append((vocabulary_word(str(lesion.get("bone", ""))), "; ".join(parts) or "—"))
    return rows


def vocabulary_word(value: str) -> str:
    """A primary tumour or bone in the reader's language when it is a vocabulary word."""
    msgid = word_msgid(value)
    return gettext(msgid) if msgid else value
