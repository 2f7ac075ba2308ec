from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.services import get_or_create_profile

EXEMPT_URL_NAMES = {"accounts:safety", "logout"}


class SafetyAcknowledgementMiddleware:
    """Until someone has read the safety screen, every page leads to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_URL_NAMES or match.app_name == "admin":
            return None
        if getattr(view_func, "safety_screen_exempt", False):
            return None
        profile = get_or_create_profile(user)
        if profile.safety_acknowledged_at is None:
            target = reverse("accounts:safety") + "?" + urlencode({"next": request.get_full_path()})
            if request.htmx:
                return HttpResponse(status=204, headers={"HX-Redirect": target})
            return redirect(target)
        request.profile = profile
        return None
