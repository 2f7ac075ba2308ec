from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("routines/", views.routine_list, name="routine_list"),
    path("routines/<int:pk>/", views.routine_detail, name="routine_detail"),
    path("sessions/<int:pk>/", views.player, name="player"),
]
