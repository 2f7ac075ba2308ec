from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("safety/", views.safety, name="safety"),
    path("profile/", views.profile, name="profile"),
    path("profile/coach/", views.coach_mode, name="coach_mode"),
]
