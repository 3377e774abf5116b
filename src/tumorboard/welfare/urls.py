from django.urls import path

from tumorboard.welfare import views, views_funds

A = "applications/<str:welfare_application_id>/"

urlpatterns = [
    path("", views.home, name="welfare-home"),
    path("apply/<str:case_id>/", views.apply, name="welfare-apply"),
    path(A, views.application, name="welfare-application"),
    *[path(f"{A}{step}/", views.step_view(step), name=f"welfare-{step}")
      for step in views.STEPS],
    path(f"{A}documents/<str:welfare_document_id>/received/", views.document_received,
         name="welfare-document-received"),
    path(f"{A}letter/", views_funds.write_letter, name="welfare-letter"),
    path("letters/<str:welfare_letter_id>/", views_funds.letter_download,
         name="welfare-letter-download"),
    path("funds/", views_funds.funds, name="welfare-funds"),
    path("funds/<str:welfare_fund_id>/", views_funds.fund, name="welfare-fund"),
    path("funds/<str:welfare_fund_id>/grant/", views_funds.fund_grant, name="welfare-fund-grant"),
    path("funds/<str:welfare_fund_id>/report/", views_funds.fund_report, name="welfare-report"),
    path("funds/<str:welfare_fund_id>/report.pdf", views_funds.fund_report_pdf,
         name="welfare-report-pdf"),
    path("policies/", views_funds.policies, name="welfare-policies"),
]
