"""Sign-up, the safety screen and the profile."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services, throttle
from accounts.forms import ProfileForm, SafetyAcknowledgementForm, SignUpForm
from accounts.two_factor.services import new_recovery_codes
from accounts.two_factor.views import show_new_codes
from neuroapp.http import client_address, replay_safe, safe_next


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and throttle.exceeded(
        throttle.SIGNUPS_PER_ADDRESS, client_address(request)
    ):
        return throttle.too_many(request, throttle.SIGNUPS_PER_ADDRESS)
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        throttle.record(throttle.SIGNUPS_PER_ADDRESS, client_address(request))
        user = services.register_user(
            username=form.cleaned_data["username"],
            email=form.cleaned_data.get("email", ""),
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if not user.email:
            # No email to reset a password with: recovery codes are the way back in.
            show_new_codes(request, new_recovery_codes(user=user))
            next_page = reverse("accounts:safety")
            return redirect(reverse("accounts:recovery_codes") + "?next=" + next_page)
        return redirect("accounts:safety")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@replay_safe
@require_http_methods(["GET", "HEAD", "POST"])
def safety(request):
    profile = request.profile
    form = SafetyAcknowledgementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.acknowledge_safety(profile=profile)
        fallback = "home" if profile.main_symptoms else "accounts:profile"
        return redirect(safe_next(request) or fallback)
    return render(
        request,
        "accounts/safety.html",
        {"form": form, "profile": profile, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    profile = request.profile
    initial = {
        "main_symptoms": profile.main_symptoms,
        "balance_concerns": profile.balance_concerns,
        "preferred_time": profile.preferred_time,
        "later_check_in": profile.later_check_in,
        "coach_mode": profile.coach_mode is not False,
        "foot_check": profile.foot_check,
        "display_name": profile.display_name,
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        first_setup = not profile.main_symptoms
        services.update_profile(profile=profile, **form.cleaned_data)
        next_url = safe_next(request, not_to={"accounts:profile"})
        if next_url:
            messages.success(request, "Your profile is saved.")
            return redirect(next_url)
        if first_setup:
            # Set-up after sign-up: the neuropathy questionnaire, then the routines.
            messages.success(request, "Your profile is saved.")
            routines = reverse("tracking:routine_list")
            return redirect(f"{reverse('tracking:neuropathy_screen')}?next={routines}")
        # The next sensible step: routines that fit what was just saved.
        messages.success(
            request, "Your profile is saved. Here are the starter routines that suit it."
        )
        return redirect("tracking:routine_list")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile": profile, "next": safe_next(request, not_to={"accounts:profile"})},
        status=400 if form.errors else 200,
    )


@replay_safe
@require_POST
def coach_mode(request):
    """Turn coach mode on or off (the player's switch); back to where it was pressed."""
    choice = request.POST.get("coach")
    if choice not in ("on", "off"):
        messages.error(request, "Choose to turn the coach on or off.")
        return render(request, "400.html", status=400)
    services.set_coach_mode(profile=request.profile, on=choice == "on")
    if request.htmx:
        return HttpResponse(status=204)
    messages.success(request, "The coach is on." if choice == "on" else "The coach is off.")
    return redirect(safe_next(request) or "accounts:profile")
