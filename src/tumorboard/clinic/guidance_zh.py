# ruff: noqa: E501  (data: one English source string per key)
"""Simplified Chinese texts of clinic.guidance, used until the project .po has them.

Keys are the English source strings exactly; the zh_Hans catalogue holds the
same pairs in .po syntax for merging (tests check that both cover every string).
"""

ZH_HANS: dict[str, str] = {
    'This sheet is general patient information, not medical advice. Your care team will explain what applies to you; please ask them about anything that is unclear.':
        '本资料为一般性的患者信息，不构成医疗建议。您的医疗团队会向您说明哪些内容适用于您；如有任何不清楚的地方，请向他们询问。',
    'Your one-stop clinic visit':
        '您的一站式门诊就诊安排',
    'Date':
        '日期',
    'Please arrive by':
        '请在此时间前到达',
    'Time':
        '时间',
    'Where':
        '地点',
    'Who you will see':
        '您将见到',
    'Appointment':
        '就诊项目',
    'seen together':
        '共同接诊',
    'Not yet scheduled: the clinic staff will tell you when.':
        '尚未安排：门诊工作人员会通知您具体时间。',
    'Please bring your identity card, your hospital card, a list of the medicines you take and any scans or reports from other hospitals.':
        '请携带身份证、就诊卡、您正在服用的药物清单，以及在其他医院做过的影像检查或报告。',
    'About your treatment options':
        '关于您的治疗选择',
    'Your times will be added once the clinic day has been planned.':
        '门诊日排程完成后，将在此处加上您的就诊时间。',
    'Breast imaging':
        '乳腺影像检查',
    'Breast surgeon and plastic surgeon together':
        '乳腺外科医生与整形外科医生共同接诊',
    'Breast surgeon':
        '乳腺外科医生',
    'Medical oncologist':
        '肿瘤内科医生',
    'Breast care nurse':
        '乳腺专科护士',
    'Review of the pelvic MRI':
        '盆腔磁共振（MRI）结果解读',
    'Colorectal surgeon and radiation oncologist together':
        '结直肠外科医生与放射肿瘤科医生共同接诊',
    'Colorectal surgeon':
        '结直肠外科医生',
    'Colorectal and stoma nurse':
        '结直肠及造口专科护士',
    'Review of the scans':
        '影像检查结果解读',
    'Orthopaedic oncologist and plastic surgeon together':
        '骨肿瘤科医生与整形外科医生共同接诊',
    'Orthopaedic oncologist':
        '骨肿瘤科医生',
    'Radiation oncologist':
        '放射肿瘤科医生',
    'Specialist nurse':
        '专科护士',
    'Spine surgeon and radiation oncologist together':
        '脊柱外科医生与放射肿瘤科医生共同接诊',
    'Dermatologist':
        '皮肤科医生',
    'Plastic surgeon':
        '整形外科医生',
    'Breast reconstruction':
        '乳房重建',
    'If a mastectomy (removal of the whole breast) is recommended, you can ask about breast reconstruction: an operation that rebuilds the shape of the breast.':
        '如果医生建议您做乳房切除术（切除整个乳房），您可以询问乳房重建：这是一种重塑乳房外形的手术。',
    'Reconstruction can use an implant (a silicone shape placed under the skin or muscle) or your own tissue (skin and fat moved from your tummy, back or thigh). Own-tissue reconstruction is a longer operation but changes with your body over time; implants mean a shorter operation but may need replacing years later.':
        '乳房重建可以使用假体（放置在皮肤或肌肉下方的硅胶假体），也可以使用您自身的组织（从腹部、背部或大腿转移过来的皮肤和脂肪）。自体组织重建手术时间较长，但会随着您的身体一起变化；假体重建手术时间较短，但多年后可能需要更换。',
    'It can be done during the same operation as the mastectomy (immediate reconstruction) or months or years later (delayed reconstruction). Radiotherapy, smoking and other illnesses can affect which choice suits you.':
        '重建可以在切除乳房的同一次手术中进行（即刻重建），也可以在几个月或几年之后进行（延期重建）。放疗、吸烟和其他疾病都可能影响哪种方式更适合您。',
    'At your joint appointment the breast surgeon and the plastic surgeon see you together, so you can talk about these choices in one visit. Studies have found that reconstruction does not change the chance of the cancer coming back. You may also choose not to have a reconstruction.':
        '在联合门诊中，乳腺外科医生和整形外科医生会一起为您看诊，让您在一次就诊中就能讨论这些选择。研究发现，乳房重建不会改变癌症复发的可能性。您也可以选择不做重建。',
    'Breast-conserving surgery':
        '保乳手术',
    'Breast-conserving surgery removes the tumour with a rim of healthy tissue and keeps the rest of the breast. It is usually followed by radiotherapy to the breast.':
        '保乳手术切除肿瘤及其周围一圈健康组织，保留乳房的其余部分。术后通常需要对乳房进行放疗。',
    'Sphincter-preserving surgery for rectal cancer':
        '直肠癌保肛手术',
    'The sphincter is the ring of muscle that keeps the bowel closed. For many people with a low rectal cancer, the surgeon can remove the cancer and keep the sphincter, so that you still open your bowels the normal way.':
        '肛门括约肌是使肠道保持闭合的一圈肌肉。对于许多低位直肠癌患者，外科医生可以在切除肿瘤的同时保留括约肌，使您仍能以正常方式排便。',
    'Treatment before the operation (radiotherapy and/or chemotherapy) can shrink the tumour and make this possible more often; the team will tell you whether it applies to you.':
        '手术前的治疗（放疗和/或化疗）可以使肿瘤缩小，让更多患者有机会保留肛门；医疗团队会告诉您这是否适用于您。',
    'A temporary stoma (an opening of the bowel on the tummy, with a bag) often protects the join while it heals; it is usually closed a few months later. Bowel habits often change after the operation, and the nurse will explain the exercises and help that are available.':
        '临时造口（在腹部开一个肠道开口，外接造口袋）常用于在吻合口愈合期间起保护作用，通常在几个月后关闭。术后排便习惯常会发生变化，护士会向您讲解相关的锻炼方法和可获得的帮助。',
    'Limb-salvage surgery':
        '保肢手术',
    'Most people with a sarcoma of the arm or leg can have an operation that removes the tumour and keeps the limb (limb-salvage surgery) instead of an amputation.':
        '大多数手臂或腿部肉瘤患者可以接受切除肿瘤、同时保留肢体的手术（保肢手术），而不必截肢。',
    'If a large area must be removed, a plastic surgeon may cover it with tissue moved from elsewhere in your body (a flap), and bone or joints may be replaced with a metal implant. Physiotherapy afterwards helps you regain strength and movement.':
        '如果需要切除的范围较大，整形外科医生可能会用从您身体其他部位转移来的组织（皮瓣）覆盖创面，骨骼或关节也可能用金属假体替换。术后的康复训练可以帮助您恢复力量和活动能力。',
    'Surgery and radiotherapy for bone metastases':
        '骨转移的手术和放疗',
    'When cancer has spread to the spine or to a bone of the arm or leg, surgery and radiotherapy can relieve pain, strengthen the bone and protect the nerves, to help you stay active and independent.':
        '当癌症转移到脊柱或手臂、腿部的骨骼时，手术和放疗可以缓解疼痛、加固骨骼并保护神经，帮助您保持活动能力和生活自理。',
    'Whether an operation is right for you depends on your general health and the rest of your treatment; the team will discuss this with you.':
        '手术是否适合您，取决于您的整体健康状况以及其他治疗安排；医疗团队会与您讨论。',
    'Surgery for melanoma':
        '黑色素瘤的手术',
    'Melanoma is usually treated by removing it with a margin of normal skin. A plastic surgeon can close larger wounds with a skin graft or a flap so that the area heals well and looks as natural as possible.':
        '黑色素瘤通常通过连同周围一圈正常皮肤一起切除来治疗。对于较大的创面，整形外科医生可以用植皮或皮瓣来修复，使伤口愈合良好、外观尽量自然。',
}
