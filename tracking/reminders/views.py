"""The week plan page, its reminder settings, the calendar feed and push subscriptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from neuroapp.http import replay_safe
from routines import selectors as routine_selectors
from routines import services as routine_services
from routines.forms import PREFERRED_TIME_DEFAULTS, WeekPlanForm
from tracking.models import PushSubscription, ReminderSettings
from tracking.reminders import calendar, push, selectors, services
from tracking.reminders.forms import PushSubscriptionForm, ReminderSettingsForm


def _plan_form(request, data=None) -> WeekPlanForm:
    plan = routine_selectors.week_plan_for(request.user)
    routines = routine_selectors.routines_for(request.user)
    if plan is not None:
        initial = {
            "days": plan.days,
            "first_time": plan.first_time,
            "second_time": plan.second_time,
            "routine": plan.routine,
        }
    else:
        preferred = PREFERRED_TIME_DEFAULTS.get(request.profile.preferred_time, "09:00")
        initial = {"days": list(range(7)), "first_time": preferred, "routine": routines.first()}
    return WeekPlanForm(
        data,
        initial=initial,
        routines=routines,
        tz=timezone.get_current_timezone(),
        today=timezone.localdate(),
    )


def _reminders_form(request, reminders: ReminderSettings, data=None) -> ReminderSettingsForm:
    initial = {
        "by_email": reminders.by_email,
        "email": request.user.email,
        "check_in_reminder": reminders.check_in_reminder,
        "minutes_before": reminders.minutes_before,
    }
    return ReminderSettingsForm(data, initial=initial)


def _page(request, *, plan_form=None, reminders_form=None, status=200):
    reminders = selectors.reminder_settings_for(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed", args=[reminders.calendar_token]))
        if reminders.calendar_token
        else ""
    )
    context = {
        "plan": routine_selectors.week_plan_for(request.user),
        "plan_form": plan_form or _plan_form(request),
        "has_routines": routine_selectors.routines_for(request.user).exists(),
        "reminders": reminders,
        "reminders_form": reminders_form or _reminders_form(request, reminders),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
        "devices": selectors.devices_for(request.user),
        "push_key": push.public_key(),
        "today": selectors.planned_today(request.user, now=timezone.now()),
        "profile": request.profile,
        "tz_name": timezone.get_current_timezone_name(),
    }
    return render(request, "tracking/week_plan.html", context, status=status)


@replay_safe
@require_http_methods(["GET", "HEAD", "POST"])
def week_plan(request):
    if request.method != "POST":
        return _page(request)
    form = _plan_form(request, request.POST)
    if not form.is_valid():
        return _page(request, plan_form=form, status=400)
    data = form.cleaned_data
    routine_services.save_week_plan(
        owner=request.user,
        routine=data["routine"],
        days=data["days"],
        first_time=data["first_time"],
        second_time=data["second_time"],
    )
    messages.success(request, "Your week plan is saved.")
    return redirect("tracking:week_plan")


@replay_safe
@require_POST
def week_plan_clear(request):
    routine_services.delete_week_plan(owner=request.user)
    messages.success(request, "Your week plan is cleared. Reminders for it stop too.")
    return redirect("tracking:week_plan")


@replay_safe
@require_POST
def reminder_settings(request):
    reminders = selectors.reminder_settings_for(request.user)
    form = _reminders_form(request, reminders, request.POST)
    if not form.is_valid():
        return _page(request, reminders_form=form, status=400)
    data = form.cleaned_data
    if data["email"] != request.user.email:
        request.user.email = data["email"]
        request.user.save(update_fields=["email"])
    services.save_reminder_settings(
        owner=request.user,
        by_email=data["by_email"],
        by_push=reminders.by_push,
        check_in_reminder=data["check_in_reminder"],
        minutes_before=data["minutes_before"],
        now=timezone.now(),
    )
    messages.success(request, "Your reminder settings are saved.")
    return redirect(reverse("tracking:week_plan") + "#reminders-heading")


@require_POST
def calendar_on(request):
    services.new_calendar_token(owner=request.user)
    messages.success(
        request,
        "Your calendar address is ready. If you had an older one, it no longer works.",
    )
    return redirect(reverse("tracking:week_plan") + "#calendar-heading")


@require_POST
def calendar_off(request):
    services.stop_calendar(owner=request.user)
    messages.success(request, "The calendar feed is off. Calendars subscribed to it stop updating.")
    return redirect(reverse("tracking:week_plan") + "#calendar-heading")


@login_not_required
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request, token):
    reminders = ReminderSettings.objects.filter(calendar_token=token).select_related("owner")
    found = reminders.first()
    if found is None or not token:
        raise Http404("No such calendar.")
    plan = routine_selectors.week_plan_for(found.owner)
    body = calendar.feed(plan=plan, reminders=found, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="neuroapp.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@replay_safe
@require_POST
def device_subscribe(request):
    """Store this device's push subscription (sent by static/js/reminders.js)."""
    if not push.is_configured():
        return JsonResponse({"error": "Notifications are not set up on this server."}, status=409)
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"error": "This browser sent a subscription we could not read. Try again."},
            status=400,
        )
    data = form.cleaned_data
    services.subscribe_device(
        owner=request.user,
        endpoint=data["endpoint"],
        p256dh=data["p256dh"],
        auth=data["auth"],
        device=data["device"],
        now=timezone.now(),
    )
    return JsonResponse({"ok": True, "message": "Notifications are on for this device."})


@replay_safe
@require_POST
def device_unsubscribe(request):
    services.unsubscribe_device(owner=request.user, endpoint=request.POST.get("endpoint", ""))
    return JsonResponse({"ok": True, "message": "Notifications are off for this device."})


@require_POST
def device_remove(request, pk):
    subscription = get_object_or_404(PushSubscription, pk=pk, owner=request.user)
    services.remove_device(subscription=subscription)
    messages.success(request, "That device will get no more notifications.")
    return redirect(reverse("tracking:week_plan") + "#push-heading")


@login_not_required
@csrf_exempt  # the signed token is the authority; mail programs post here (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def stop_email(request, token):
    owner = services.owner_from_stop_token(token)
    if owner is None:
        raise Http404("This stop link is not valid.")
    stopped = request.method == "POST"
    if stopped:
        services.stop_email(owner=owner)
    return render(request, "tracking/reminders_stop.html", {"stopped": stopped, "token": token})
