"""Log in, log out and password reset under their global names ("login", "logout", ...),
with our login form (which limits the user name's length before django-axes sees it)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import LoginForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("", include("django.contrib.auth.urls")),
]
