"""ICD-O-3 codes accepted for cases (WHO, International Classification of Diseases for
Oncology, 3rd edition, second revision 2019). A curated subset covering the service's
pathways and the primaries of bone metastases; an unknown code is refused, not stored."""

from __future__ import annotations

from django.utils.translation import gettext_noop

TOPOGRAPHY: dict[str, str] = {
    **{
        f"C50.{i}": label
        for i, label in enumerate(
            [
                gettext_noop("Nipple"),
                gettext_noop("Central portion of breast"),
                gettext_noop("Upper-inner quadrant of breast"),
                gettext_noop("Lower-inner quadrant of breast"),
                gettext_noop("Upper-outer quadrant of breast"),
                gettext_noop("Lower-outer quadrant of breast"),
                gettext_noop("Axillary tail of breast"),
            ]
        )
    },
    "C50.8": gettext_noop("Overlapping lesion of breast"),
    "C50.9": gettext_noop("Breast, NOS"),
    "C18.7": gettext_noop("Sigmoid colon"),
    "C19.9": gettext_noop("Rectosigmoid junction"),
    "C20.9": gettext_noop("Rectum, NOS"),
    "C21.1": gettext_noop("Anal canal"),
    "C40.0": gettext_noop("Long bones of upper limb, scapula and associated joints"),
    "C40.2": gettext_noop("Long bones of lower limb and associated joints"),
    "C41.2": gettext_noop("Vertebral column"),
    "C41.9": gettext_noop("Bone, NOS"),
    "C41.4": gettext_noop("Pelvic bones, sacrum, coccyx and associated joints"),
    "C48.0": gettext_noop("Retroperitoneum"),
    "C49.1": gettext_noop(
        "Connective, subcutaneous and other soft tissues of upper limb and shoulder"
    ),
    "C49.2": gettext_noop("Connective, subcutaneous and other soft tissues of lower limb and hip"),
    "C49.3": gettext_noop("Connective, subcutaneous and other soft tissues of thorax"),
    "C49.4": gettext_noop("Connective, subcutaneous and other soft tissues of abdomen"),
    "C49.5": gettext_noop("Connective, subcutaneous and other soft tissues of pelvis"),
    "C49.6": gettext_noop("Connective, subcutaneous and other soft tissues of trunk, NOS"),
    "C49.9": gettext_noop("Connective, subcutaneous and other soft tissues, NOS"),
    "C44.3": gettext_noop("Skin of other and unspecified parts of face"),
    "C44.4": gettext_noop("Skin of scalp and neck"),
    "C44.5": gettext_noop("Skin of trunk"),
    "C44.6": gettext_noop("Skin of upper limb and shoulder"),
    "C44.7": gettext_noop("Skin of lower limb and hip"),
    "C44.9": gettext_noop("Skin, NOS"),
    "C34.9": gettext_noop("Lung, NOS"),
    "C61.9": gettext_noop("Prostate gland"),
    "C64.9": gettext_noop("Kidney, NOS"),
    "C73.9": gettext_noop("Thyroid gland"),
    "C16.9": gettext_noop("Stomach, NOS"),
    "C22.0": gettext_noop("Liver"),
    "C25.9": gettext_noop("Pancreas, NOS"),
    "C15.9": gettext_noop("Oesophagus, NOS"),
    "C67.9": gettext_noop("Bladder, NOS"),
    "C54.1": gettext_noop("Endometrium"),
    "C80.9": gettext_noop("Unknown primary site"),
}

MORPHOLOGY: dict[str, str] = {
    "8500/2": gettext_noop("Intraductal carcinoma, noninfiltrating, NOS (DCIS)"),
    "8500/3": gettext_noop("Infiltrating duct carcinoma, NOS"),
    "8520/3": gettext_noop("Lobular carcinoma, NOS"),
    "8522/3": gettext_noop("Infiltrating duct and lobular carcinoma"),
    "8480/3": gettext_noop("Mucinous adenocarcinoma"),
    "8140/3": gettext_noop("Adenocarcinoma, NOS"),
    "8490/3": gettext_noop("Signet ring cell carcinoma"),
    "8070/3": gettext_noop("Squamous cell carcinoma, NOS"),
    "8010/3": gettext_noop("Carcinoma, NOS"),
    "8041/3": gettext_noop("Small cell carcinoma, NOS"),
    "8260/3": gettext_noop("Papillary adenocarcinoma, NOS"),
    "8310/3": gettext_noop("Clear cell adenocarcinoma, NOS"),
    "8312/3": gettext_noop("Renal cell carcinoma, NOS"),
    "8720/3": gettext_noop("Malignant melanoma, NOS"),
    "8721/3": gettext_noop("Nodular melanoma"),
    "8742/3": gettext_noop("Lentigo maligna melanoma"),
    "8743/3": gettext_noop("Superficial spreading melanoma"),
    "8744/3": gettext_noop("Acral lentiginous melanoma, malignant"),
    "8772/3": gettext_noop("Spindle cell melanoma, NOS"),
    "8800/3": gettext_noop("Sarcoma, NOS"),
    "8802/3": gettext_noop("Giant cell sarcoma (pleomorphic)"),
    "8805/3": gettext_noop("Undifferentiated sarcoma"),
    "8810/3": gettext_noop("Fibrosarcoma, NOS"),
    "8811/3": gettext_noop("Myxofibrosarcoma"),
    "8815/3": gettext_noop("Solitary fibrous tumour, malignant"),
    "8830/3": gettext_noop("Malignant fibrous histiocytoma"),
    "8850/3": gettext_noop("Liposarcoma, NOS"),
    "8852/3": gettext_noop("Myxoid liposarcoma"),
    "8854/3": gettext_noop("Pleomorphic liposarcoma"),
    "8858/3": gettext_noop("Dedifferentiated liposarcoma"),
    "8890/3": gettext_noop("Leiomyosarcoma, NOS"),
    "8900/3": gettext_noop("Rhabdomyosarcoma, NOS"),
    "9040/3": gettext_noop("Synovial sarcoma, NOS"),
    "9120/3": gettext_noop("Haemangiosarcoma"),
    "9180/3": gettext_noop("Osteosarcoma, NOS"),
    "9220/3": gettext_noop("Chondrosarcoma, NOS"),
    "9260/3": gettext_noop("Ewing sarcoma"),
    "9540/3": gettext_noop("Malignant peripheral nerve sheath tumour"),
    "8000/3": gettext_noop("Neoplasm, malignant"),
    "8000/6": gettext_noop("Neoplasm, metastatic"),
    "8010/6": gettext_noop("Carcinoma, metastatic, NOS"),
    "8140/6": gettext_noop("Adenocarcinoma, metastatic, NOS"),
}
