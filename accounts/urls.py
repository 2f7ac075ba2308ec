from django.urls import path

from accounts import views
from accounts.two_factor import views as two_factor

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("safety/", views.safety, name="safety"),
    path("profile/", views.profile, name="profile"),
    path("profile/coach/", views.coach_mode, name="coach_mode"),
    path("two-step/", two_factor.overview, name="two_factor"),
    path("two-step/set-up/", two_factor.set_up, name="two_factor_set_up"),
    path("two-step/off/", two_factor.turn_off, name="two_factor_off"),
    path("recovery-codes/", two_factor.recovery_codes, name="recovery_codes"),
    path("login/code/", two_factor.sign_in_code, name="sign_in_code"),
    path("recover/", two_factor.recover, name="recover"),
]
