from django.urls import URLPattern, path

from tumorboard.network import audit_views, hub_views, training_views, views

urlpatterns: list[URLPattern] = [
    path("hub/", hub_views.hub_home, name="network-hub"),
    path("audit/", audit_views.audit_page, name="network-audit"),
    path("audit/report/", audit_views.audit_report, name="network-audit-report"),
    path("training/", training_views.training_list, name="network-training"),
    path("training/new/", training_views.training_new, name="network-mentorship-new"),
    path("training/<uuid:mentorship_id>/", training_views.mentorship_detail,
         name="network-mentorship"),
    path("training/<uuid:mentorship_id>/proctored/", training_views.add_proctored,
         name="network-proctored-add"),
    path("training/<uuid:mentorship_id>/sign-off/", training_views.sign_off,
         name="network-sign-off"),
    path("referrals/", views.worklist, name="network-worklist"),
    path("cases/<uuid:case_id>/refer/", views.refer, name="network-refer"),
    path("referrals/<uuid:referral_id>/", views.detail, name="network-referral"),
    path("referrals/<uuid:referral_id>/reply/", views.reply, name="network-reply"),
    path("referrals/<uuid:referral_id>/withdraw/", views.withdraw, name="network-withdraw"),
    path("referrals/<uuid:referral_id>/revoke/", views.revoke, name="network-revoke"),
    path("referrals/<uuid:referral_id>/take-on/", views.take_on, name="network-take-on"),
    path("referrals/<uuid:referral_id>/complete/", views.complete, name="network-complete"),
    path("referrals/<uuid:referral_id>/letter/", views.letter, name="network-letter"),
]
