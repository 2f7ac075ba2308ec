"""Writes for accounts: sign-up, the profile, the safety screen."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile


def get_or_create_profile(*, user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def register_user(*, username: str, email: str, password: str) -> User:
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    Profile.objects.create(user=user)
    return user


def update_profile(
    *,
    profile: Profile,
    main_symptoms: Iterable[str],
    balance_concerns: bool,
    preferred_time: str,
    later_check_in: str = "",
    coach_mode: bool | None = None,
    foot_check: str | None = None,
    display_name: str | None = None,
) -> Profile:
    profile.main_symptoms = list(main_symptoms)
    profile.balance_concerns = balance_concerns
    profile.preferred_time = preferred_time
    profile.later_check_in = later_check_in
    if coach_mode is not None:
        profile.coach_mode = coach_mode
    if foot_check:
        profile.foot_check = foot_check
    if display_name is not None:
        profile.display_name = display_name.strip()
    profile.save(
        update_fields=[
            "main_symptoms",
            "balance_concerns",
            "preferred_time",
            "later_check_in",
            "coach_mode",
            "foot_check",
            "display_name",
            "updated_at",
        ]
    )
    return profile


def set_coach_mode(*, profile: Profile, on: bool) -> Profile:
    profile.coach_mode = on
    profile.save(update_fields=["coach_mode", "updated_at"])
    return profile


def acknowledge_safety(*, profile: Profile) -> Profile:
    if profile.safety_acknowledged_at is None:
        profile.safety_acknowledged_at = timezone.now()
        profile.save(update_fields=["safety_acknowledged_at", "updated_at"])
    return profile
