"""The site root, the Today page, under the global URL name "home" (LOGIN_REDIRECT_URL)."""

from django.urls import path

from tracking.sessions import views

urlpatterns = [path("", views.today, name="home")]
