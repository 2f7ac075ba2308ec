"""The project's URLs. Apps are included by name, so this package imports none of them."""

from django.contrib import admin
from django.urls import include, path

from neuroapp import views

urlpatterns = [
    path("", include("tracking.home_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("offline/", views.offline_page, name="offline"),
    path("accounts/", include("accounts.auth_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("portability.urls")),
    path("", include("routines.urls")),
    path("", include("tracking.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "neuroapp.views.server_error"
