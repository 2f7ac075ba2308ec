from django.contrib import admin
from django.urls import include, path

from neuroapp import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("routines.urls")),
    path("", include("tracking.urls")),
    path("admin/", admin.site.urls),
]
