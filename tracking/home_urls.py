"""The site root, the Today page, under the global URL name "home" (LOGIN_REDIRECT_URL)."""

from django.urls import path

from tracking.reminders import views as reminders
from tracking.sessions import views

urlpatterns = [
    path("", views.today, name="home"),
    # Outside the app's prefix-free names: a calendar program fetches it without signing in.
    path("calendar/<str:token>.ics", reminders.calendar_feed, name="calendar_feed"),
]
