from django.urls import path, re_path

from tracking.checks import views as checks
from tracking.logs import views as logs
from tracking.progress import views as progress
from tracking.reminders import views as reminders
from tracking.report import views as report
from tracking.sessions import routine_pages
from tracking.sessions import views as sessions

app_name = "tracking"

urlpatterns = [
    # Routines with their sessions: list, builder, Start (tracking.sessions.routine_pages)
    path("routines/", routine_pages.routine_list, name="routine_list"),
    path("routines/new/", routine_pages.routine_create, name="routine_create"),
    path("routines/starter/", routine_pages.routine_create_starter, name="routine_create_starter"),
    path("routines/<int:pk>/", routine_pages.routine_detail, name="routine_detail"),
    path("routines/<int:pk>/rename/", routine_pages.routine_rename, name="routine_rename"),
    path("routines/<int:pk>/delete/", routine_pages.routine_delete, name="routine_delete"),
    path("routines/<int:pk>/steps/", routine_pages.step_add, name="step_add"),
    path("routines/<int:pk>/steps/swap/", routine_pages.step_swap, name="step_swap"),
    path("routines/<int:pk>/steps/<int:step_pk>/move/", routine_pages.step_move, name="step_move"),
    path(
        "routines/<int:pk>/steps/<int:step_pk>/remove/",
        routine_pages.step_remove,
        name="step_remove",
    ),
    path(
        "routines/<int:pk>/steps/undo-remove/",
        routine_pages.step_undo_remove,
        name="step_undo_remove",
    ),
    path("routines/<int:pk>/steps/<int:step_pk>/dose/", routine_pages.step_dose, name="step_dose"),
    path("routines/<int:pk>/steps/<int:step_pk>/grow/", routine_pages.step_grow, name="step_grow"),
    path("routines/<int:pk>/plan/", routine_pages.plan_start, name="plan_start"),
    path("routines/<int:pk>/plan/stop/", routine_pages.plan_stop, name="plan_stop"),
    path("routines/<int:pk>/plan/keep/", routine_pages.plan_keep_helpers, name="plan_keep"),
    # The guided player
    path("routines/<int:pk>/start/", sessions.session_start, name="session_start"),
    path("sessions/<int:pk>/", sessions.player, name="player"),
    path("sessions/<int:pk>/later/", sessions.later_check_in, name="later_check_in"),
    # Symptom logs
    path("log/", logs.log_create, name="log_create"),
    path("log/history/", logs.log_list, name="log_list"),
    path("log/<int:pk>/edit/", logs.log_edit, name="log_edit"),
    path("log/<int:pk>/delete/", logs.log_delete, name="log_delete"),
    # Checks of the feet and nerves
    path("checks/feet/", checks.foot_check, name="foot_check"),
    path("checks/feet/<int:pk>/", checks.foot_check_result, name="foot_check_result"),
    path("checks/feet/healed/", checks.foot_healed, name="foot_healed"),
    path("checks/touch/", checks.touch_test, name="touch_test"),
    path("checks/touch/<int:pk>/", checks.touch_test_result, name="touch_test_result"),
    path("checks/questionnaire/", checks.neuropathy_screen, name="neuropathy_screen"),
    path(
        "checks/questionnaire/<int:pk>/",
        checks.neuropathy_screen_result,
        name="neuropathy_screen_result",
    ),
    # The week plan and reminders
    path("week/", reminders.week_plan, name="week_plan"),
    path("week/clear/", reminders.week_plan_clear, name="week_plan_clear"),
    path("week/reminders/", reminders.reminder_settings, name="reminder_settings"),
    path("week/calendar/", reminders.calendar_on, name="calendar_on"),
    path("week/calendar/stop/", reminders.calendar_off, name="calendar_off"),
    path("week/devices/", reminders.device_subscribe, name="device_subscribe"),
    path("week/devices/unsubscribe/", reminders.device_unsubscribe, name="device_unsubscribe"),
    path("week/devices/<int:pk>/remove/", reminders.device_remove, name="device_remove"),
    path("reminders/stop/<str:token>/", reminders.stop_email, name="reminders_stop_email"),
    # Progress and the report for a healthcare professional
    path("progress/", progress.progress, name="progress"),
    re_path(
        r"^progress/(?P<chart>symptoms|before-after|adherence|time-of-day|movements)\.json$",
        progress.progress_json,
        name="progress_json",
    ),
    path("report/", report.clinician_report, name="clinician_report"),
    path("report/pdf/", report.clinician_report_pdf, name="clinician_report_pdf"),
]
