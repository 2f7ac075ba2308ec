from django.urls import path

from portability import views

app_name = "portability"

urlpatterns = [
    path("data/", views.your_data, name="your_data"),
    path("data/export.json", views.export_json, name="export_json"),
    path("data/export-csv.zip", views.export_csv, name="export_csv"),
    path("data/imports/<int:pk>/", views.import_job, name="import_job"),
    path("data/imports/<int:pk>/stop/", views.import_cancel, name="import_cancel"),
    path("delete/", views.delete_account, name="delete_account"),
    path("goodbye/", views.goodbye, name="goodbye"),
]
