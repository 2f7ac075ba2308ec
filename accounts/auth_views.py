"""Django's login, password change and password reset, with the throttles of
``accounts.throttle``. A throttled request gets 429 and a page saying how long to wait.
With two-step sign-in on, a right password leads to the code step
(``accounts.two_factor.views.sign_in_code``) instead of signing in."""

import logging
import threading

from django.conf import settings
from django.contrib.auth import views as django_auth_views
from django.db import connections
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from accounts import throttle
from accounts.forms import LoginForm
from accounts.throttle import too_many
from accounts.two_factor import services as two_factor
from accounts.two_factor.views import hold_sign_in
from neuroapp.http import client_address, replay_safe

logger = logging.getLogger(__name__)


class LoginView(django_auth_views.LoginView):
    authentication_form = LoginForm

    def post(self, request, *args, **kwargs):
        if throttle.exceeded(throttle.LOGIN_FAILURES_PER_ADDRESS, client_address(request)):
            return too_many(request, throttle.LOGIN_FAILURES_PER_ADDRESS)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.is_on(user):
            hold_sign_in(self.request, user, next_url=self.get_success_url())
            return redirect("accounts:sign_in_code")
        return super().form_valid(form)

    def form_invalid(self, form):
        throttle.record(throttle.LOGIN_FAILURES_PER_ADDRESS, client_address(self.request))
        return super().form_invalid(form)


class PasswordChangeView(django_auth_views.PasswordChangeView):
    def post(self, request, *args, **kwargs):
        if throttle.exceeded(throttle.PASSWORD_CHANGE_FAILURES, str(request.user.pk)):
            return too_many(request, throttle.PASSWORD_CHANGE_FAILURES)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            throttle.record(throttle.PASSWORD_CHANGE_FAILURES, str(self.request.user.pk))
        return super().form_invalid(form)


class PasswordResetView(django_auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if throttle.exceeded(throttle.RESETS_PER_ADDRESS, client_address(request)):
            return too_many(request, throttle.RESETS_PER_ADDRESS)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        throttle.record(throttle.RESETS_PER_ADDRESS, client_address(self.request))
        email = form.cleaned_data["email"].strip().lower()
        if throttle.exceeded(throttle.RESETS_PER_EMAIL, email):
            # The same answer as a sent mail: nothing says whether the address is known.
            return HttpResponseRedirect(self.get_success_url())
        throttle.record(throttle.RESETS_PER_EMAIL, email)
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        if settings.PASSWORD_RESET_MAIL_IN_BACKGROUND:
            # Off the request path: a known and an unknown address answer equally fast.
            threading.Thread(target=_send_reset, args=(form, options), daemon=True).start()
        else:
            form.save(**options)
        return HttpResponseRedirect(self.get_success_url())


def _send_reset(form, options) -> None:
    try:
        form.save(**options)
    except Exception:
        logger.exception("Sending a password-reset mail failed")
    finally:
        connections.close_all()


# A second run after a database restart signs in again: nothing is saved twice.
login = replay_safe(LoginView.as_view())
password_change = PasswordChangeView.as_view()
password_reset = PasswordResetView.as_view()
