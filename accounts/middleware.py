"""``request.profile``, and the safety screen every new account reads first.

``ProfileMiddleware`` (after Django's ``AuthenticationMiddleware``) sets
``request.profile`` to the signed-in person's ``Profile``, loaded on first use (one query,
through the ``user.profile`` relation) and created if an account has none yet, e.g. one
made with ``createsuperuser``. For an anonymous request, using it raises
``PermissionDenied``; views behind the login requirement never see that.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accounts.models import Profile
from accounts.services import get_or_create_profile

# The safety screen itself, the way out of it, and the recovery codes shown at sign-up.
EXEMPT_URL_NAMES = {"accounts:safety", "logout", "accounts:recovery_codes"}


def _profile_of(request) -> Profile:
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    try:
        return user.profile
    except Profile.DoesNotExist:
        return get_or_create_profile(user=user)


class ProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.profile = SimpleLazyObject(lambda: _profile_of(request))
        return self.get_response(request)


class SafetyAcknowledgementMiddleware:
    """Until someone has read the safety screen, every page leads to it (the admin aside)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_URL_NAMES or match.app_name == "admin":
            return None
        if request.profile.safety_acknowledged_at is None:
            target = reverse("accounts:safety") + "?" + urlencode({"next": request.get_full_path()})
            if request.htmx:
                return HttpResponse(status=204, headers={"HX-Redirect": target})
            return redirect(target)
        return None
