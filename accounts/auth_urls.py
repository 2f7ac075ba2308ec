"""Log in, log out, password change and reset under their global names ("login",
"logout", ...), with our throttled views (accounts.auth_views)."""

from django.urls import include, path

from accounts import auth_views

urlpatterns = [
    path("login/", auth_views.login, name="login"),
    path("password_change/", auth_views.password_change, name="password_change"),
    path("password_reset/", auth_views.password_reset, name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
