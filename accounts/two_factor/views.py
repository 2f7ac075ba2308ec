"""Two-step sign-in: its settings page, setting up an app, recovery codes, the code step
of signing in, and a new password with a recovery code (the way back in without email).

Every wrong code counts towards ``SECOND_FACTOR_FAILURES`` for the account and towards the
per-address login limit, as a wrong password does; over either, a 429 says how long to wait.
"""

import time

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login

from accounts import throttle
from accounts.two_factor import services
from accounts.two_factor.forms import (
    ConfirmAppForm,
    PasswordCheckForm,
    RecoverForm,
    SignInCodeForm,
)
from neuroapp.http import client_address, safe_next

PENDING_SIGN_IN = "two_factor_pending"
NEW_CODES = "two_factor_new_codes"
PENDING_SIGN_IN_SECONDS = 10 * 60
BACKEND = "django.contrib.auth.backends.ModelBackend"


def hold_sign_in(request, user, *, next_url: str) -> None:
    """The password was right and the account has two-step sign-in: remember who is
    signing in (not signed in yet) until the code step."""
    request.session.cycle_key()
    request.session[PENDING_SIGN_IN] = {
        "user": user.pk,
        "backend": getattr(user, "backend", BACKEND),
        "at": time.time(),
        "next": next_url,
    }


def show_new_codes(request, codes: list[str]) -> None:
    request.session[NEW_CODES] = codes


def _throttled(request, user_key: str):
    """A 429 page if this account (from this address) or this address has had too many
    wrong codes. Keyed like the login lockout, so no one elsewhere can lock the owner out."""
    for limit, key in (
        (throttle.SECOND_FACTOR_FAILURES, f"{user_key}|{client_address(request)}"),
        (throttle.LOGIN_FAILURES_PER_ADDRESS, client_address(request)),
    ):
        if throttle.exceeded(limit, key):
            return throttle.too_many(request, limit)
    return None


def _count_failure(request, user_key: str) -> None:
    throttle.record(throttle.SECOND_FACTOR_FAILURES, f"{user_key}|{client_address(request)}")
    throttle.record(throttle.LOGIN_FAILURES_PER_ADDRESS, client_address(request))


def _password_checked(request) -> tuple[PasswordCheckForm, object | None]:
    """The password form of a change to sign-in, and a 429 response if throttled."""
    user_key = str(request.user.pk)
    if request.method == "POST" and throttle.exceeded(throttle.PASSWORD_CHANGE_FAILURES, user_key):
        return PasswordCheckForm(user=request.user), throttle.too_many(
            request, throttle.PASSWORD_CHANGE_FAILURES
        )
    form = PasswordCheckForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and not form.is_valid() and "password" in form.errors:
        throttle.record(throttle.PASSWORD_CHANGE_FAILURES, user_key)
    return form, None


@require_safe
def overview(request):
    user = request.user
    context = {
        "is_on": services.is_on(user),
        "codes_left": services.recovery_codes_left(user),
        "form": PasswordCheckForm(user=user),
    }
    return render(request, "accounts/two_factor/overview.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def set_up(request):
    """POST with the password: a new key. GET: the key as a QR code and as text.
    POST with the app's code: two-step sign-in is on, and new recovery codes."""
    user = request.user
    if request.method == "POST" and "password" in request.POST:
        form, refused = _password_checked(request)
        if refused:
            return refused
        if not form.is_valid():
            context = {
                "is_on": services.is_on(user),
                "codes_left": services.recovery_codes_left(user),
                "form": form,
            }
            return render(request, "accounts/two_factor/overview.html", context, status=400)
        services.begin_app_setup(user=user)
        return redirect("accounts:two_factor_set_up")
    device = services.pending_app(user)
    if device is None:
        messages.info(request, "Start again: the set-up was finished or not begun.")
        return redirect("accounts:two_factor")
    confirm = ConfirmAppForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and confirm.is_valid():
        refused = _throttled(request, str(user.pk))
        if refused:
            return refused
        confirmed = services.confirm_app(user=user, code=confirm.cleaned_data["code"])
        if confirmed is not None and confirmed.new_codes:
            show_new_codes(request, confirmed.new_codes)
            messages.success(request, "Two-step sign-in is on.")
            return redirect("accounts:recovery_codes")
        if confirmed is not None:
            messages.success(
                request,
                "Two-step sign-in is on. The recovery codes you saved also work as the "
                "second step.",
            )
            return redirect("accounts:two_factor")
        _count_failure(request, str(user.pk))
        confirm.add_error("code", "That code does not match. Type the 6 digits your app shows now.")
    if confirm.errors:
        status = 400
    uri = device.config_url
    qr = segno.make(uri, error="m")
    context = {
        "form": confirm,
        "uri": uri,
        "key": services.key_for_display(device),
        # segno writes the SVG from the key alone; nothing from a request is in it.
        "qr_svg": mark_safe(
            qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", omitsize=True)
        ),
    }
    return render(request, "accounts/two_factor/set_up.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def turn_off(request):
    if not services.is_on(request.user):
        return redirect("accounts:two_factor")
    form, refused = _password_checked(request)
    if refused:
        return refused
    if request.method == "POST" and form.is_valid():
        services.turn_off(user=request.user)
        messages.success(request, "Two-step sign-in is off. Your recovery codes still work.")
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor/turn_off.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    """Fresh codes, once, right after they are made; else a way to make new ones."""
    form, refused = _password_checked(request)
    if refused:
        return refused
    if request.method == "POST" and form.is_valid():
        show_new_codes(request, services.new_recovery_codes(user=request.user))
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(NEW_CODES, None) if request.method != "POST" else None
    context = {
        "codes": codes,
        "codes_left": services.recovery_codes_left(request.user),
        "form": form,
        "next": safe_next(request),
    }
    response = render(
        request,
        "accounts/two_factor/recovery_codes.html",
        context,
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _pending_user(request):
    pending = request.session.get(PENDING_SIGN_IN)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SIGN_IN_SECONDS:
        return None, pending
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request):
    """The second step of signing in, after the password."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_SIGN_IN, None)
        messages.info(request, "Please sign in again: the code step waits 10 minutes at most.")
        return redirect("login")
    form = SignInCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refused = _throttled(request, str(user.pk))
        if refused:
            return refused
        wait = services.app_wait_seconds(user)
        code = form.cleaned_data["code"]
        if wait and services.looks_like_app_code(code):
            form.add_error(
                "code",
                f"Please wait {wait} second{'s' if wait != 1 else ''}, then type the code "
                "your app shows then.",
            )
            return render(
                request, "accounts/two_factor/sign_in_code.html", {"form": form}, status=429
            )
        found = services.second_factor(user=user, code=code)
        if found is not None:
            next_url = pending.get("next") or reverse("home")
            login(request, user, backend=pending.get("backend", BACKEND))
            otp_login(request, found.device)
            if found.recovery:
                messages.warning(
                    request,
                    f"You used a recovery code; {found.recovery_codes_left} left. "
                    "Make new ones under Profile → Two-step sign-in if you are running low.",
                )
            return redirect(next_url)
        _count_failure(request, str(user.pk))
        form.add_error(
            "code",
            "That code does not match. Type the 6 digits your app shows now, or a recovery "
            "code you have not used.",
        )
    return render(
        request,
        "accounts/two_factor/sign_in_code.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def recover(request):
    """A new password from the user name and a recovery code (plus the app's code when
    two-step sign-in is on). Wrong details get one message, whatever was wrong."""
    form = RecoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user_key = f"name:{username.lower()}"
        refused = _throttled(request, user_key)
        if refused:
            return refused
        # The password's rules first, against the name typed: nothing is used up yet, and
        # the answer says nothing about whether the account exists.
        if form.check_password_for(get_user_model()(username=username)):
            user = services.recover_account(
                username=username,
                recovery_code=form.cleaned_data["recovery_code"],
                app_code=form.cleaned_data["app_code"] or "",
                new_password=form.cleaned_data["password1"],
            )
            if user is not None:
                login(request, user, backend=BACKEND)
                left = services.recovery_codes_left(user)
                messages.success(
                    request,
                    f"Your new password is set and you are signed in. {left} recovery codes left.",
                )
                return redirect("home")
            _count_failure(request, user_key)
            form.add_error(
                None,
                "Those details do not match an account. Check the user name and the code "
                "(each recovery code works once).",
            )
    return render(
        request,
        "accounts/two_factor/recover.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
