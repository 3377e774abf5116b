"""Citations used by the screening rules, with version and year."""

NICE_NG234 = (
    "NICE guideline NG234. Spinal metastases and metastatic spinal cord compression. "
    "September 2023 (replaces CG75, 2008)."
)
BILSKY = (
    "Bilsky MH, Laufer I, Fourney DR, et al. Reliability analysis of the epidural spinal cord "
    "compression scale. J Neurosurg Spine. 2010;13(3):324-328."
)
NOMS = (
    "Laufer I, Rubin DG, Lis E, et al. The NOMS framework: approach to the treatment of spinal "
    "metastatic tumors. Oncologist. 2013;18(6):744-751."
)
FRANKEL = (
    "Frankel HL, Hancock DO, Hyslop G, et al. The value of postural reduction in the initial "
    "management of closed injuries of the spine with paraplegia and tetraplegia. Paraplegia. "
    "1969;7(3):179-192."
)
NICE_NG101 = (
    "NICE guideline NG101. Early and locally advanced breast cancer: diagnosis and management. "
    "July 2018 (updated 2023); breast reconstruction recommendations 1.5."
)
NCCN_BREAST = (
    "NCCN Clinical Practice Guidelines in Oncology: Breast Cancer, current version "
    "(inflammatory breast cancer: modified radical mastectomy, reconstruction delayed)."
)
FISCHER_2013 = (
    "Fischer JP, Wes AM, Tuggle CT, Serletti JM, Wu LC. Risk analysis of early implant loss "
    "after immediate breast reconstruction: a review of 14,585 patients. J Am Coll Surg. "
    "2013;217(6):983-990."
)
BOUGHEY_2023 = (
    "Boughey JC, Rosenkranz KM, Ballman KV, et al. Local recurrence after breast-conserving "
    "therapy in patients with multiple ipsilateral breast cancer (ACOSOG Z11102, Alliance). "
    "J Clin Oncol. 2023;41(17):3184-3193."
)
RULLIER = (
    "Rullier E, Denost Q, Vendrely V, Rullier A, Laurent C. Low rectal cancer: classification "
    "and standardization of surgery. Dis Colon Rectum. 2013;56(5):560-567."
)
ESMO_RECTAL = (
    "Glynne-Jones R, Wyrwicz L, Tiret E, et al. Rectal cancer: ESMO Clinical Practice "
    "Guidelines for diagnosis, treatment and follow-up. Ann Oncol. 2017;28(suppl 4):iv22-iv40 "
    "(eUpdate 2018)."
)
NCCN_RECTAL = "NCCN Clinical Practice Guidelines in Oncology: Rectal Cancer, current version."
IWWD = (
    "van der Valk MJM, Hilling DE, Bastiaannet E, et al. Long-term outcomes of clinical "
    "complete responders after neoadjuvant treatment for rectal cancer in the International "
    "Watch & Wait Database (IWWD): an international multicentre registry study. Lancet. "
    "2018;391(10139):2537-2545."
)
OPRA = (
    "Garcia-Aguilar J, Patil S, Gollub MJ, et al. Organ preservation in patients with rectal "
    "adenocarcinoma treated with total neoadjuvant therapy. J Clin Oncol. 2022;40(23):"
    "2546-2556."
)
ESMO_STS = (
    "Gronchi A, Miah AB, Dei Tos AP, et al. Soft tissue and visceral sarcomas: "
    "ESMO-EURACAN-GENTURIS Clinical Practice Guidelines for diagnosis, treatment and "
    "follow-up. Ann Oncol. 2021;32(11):1348-1365."
)
ROSENBERG = (
    "Rosenberg SA, Tepper J, Glatstein E, et al. The treatment of soft-tissue sarcomas of the "
    "extremities. Ann Surg. 1982;196(3):305-315."
)
OSULLIVAN = (
    "O'Sullivan B, Davis AM, Turcotte R, et al. Preoperative versus postoperative radiotherapy "
    "in soft-tissue sarcoma of the limbs: a randomised trial. Lancet. 2002;359(9325):2235-2241."
)
EGGERMONT_ILP = (
    "Eggermont AM, Schraffordt Koops H, Klausner JM, et al. Isolated limb perfusion with tumor "
    "necrosis factor and melphalan for limb salvage in 186 patients with locally advanced soft "
    "tissue extremity sarcomas. Ann Surg. 1996;224(6):756-765."
)
HUVOS = (
    "Huvos AG, Rosen G, Marcove RC. Primary osteogenic sarcoma: pathologic aspects in 20 "
    "patients after treatment with chemotherapy, en bloc resection, and prosthetic bone "
    "replacement. Arch Pathol Lab Med. 1977;101(1):14-18."
)
NCCN_MELANOMA = (
    "NCCN Clinical Practice Guidelines in Oncology: Cutaneous Melanoma, current version "
    "(SLNB for clinically node-negative disease; in-transit disease: isolated limb "
    "infusion/perfusion among regional options)."
)
ILI_MELANOMA = (
    "Kroon HM, Huismans AM, Kam PCA, Thompson JF. Isolated limb infusion: technical aspects. "
    "J Surg Oncol. 2014;109(4):352-356; NCCN Cutaneous Melanoma (in-transit metastases)."
)
