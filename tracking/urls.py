from django.urls import path, re_path

from tracking import views

app_name = "tracking"

urlpatterns = [
    path("log/", views.log_create, name="log_create"),
    path("log/history/", views.log_list, name="log_list"),
    path("log/<int:pk>/edit/", views.log_edit, name="log_edit"),
    path("log/<int:pk>/delete/", views.log_delete, name="log_delete"),
    path("progress/", views.progress, name="progress"),
    re_path(
        r"^progress/(?P<chart>symptoms|before-after|adherence|time-of-day|movements)\.json$",
        views.progress_json,
        name="progress_json",
    ),
]

urlpatterns += [
    path("report/", views.clinician_report, name="clinician_report"),
    path("report/pdf/", views.clinician_report_pdf, name="clinician_report_pdf"),
]
