from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("routines/", views.routine_list, name="routine_list"),
    path("routines/new/", views.routine_create, name="routine_create"),
    path("routines/starter/", views.routine_create_starter, name="routine_create_starter"),
    path("routines/<int:pk>/", views.routine_detail, name="routine_detail"),
    path("routines/<int:pk>/rename/", views.routine_rename, name="routine_rename"),
    path("routines/<int:pk>/delete/", views.routine_delete, name="routine_delete"),
    path("routines/<int:pk>/steps/", views.step_add, name="step_add"),
    path("routines/<int:pk>/steps/<int:step_pk>/move/", views.step_move, name="step_move"),
    path("routines/<int:pk>/steps/<int:step_pk>/remove/", views.step_remove, name="step_remove"),
    path("routines/<int:pk>/steps/<int:step_pk>/dose/", views.step_dose, name="step_dose"),
    path("routines/<int:pk>/steps/<int:step_pk>/grow/", views.step_grow, name="step_grow"),
    path("routines/<int:pk>/start/", views.session_start, name="session_start"),
    path("sessions/<int:pk>/", views.player, name="player"),
]
