"""Reads for symptom logs: the history, one log ready to show."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from accounts.symptoms import SYMPTOM_FIELDS, Symptom, check_in_symptoms, higher_is_better
from tracking.models import SymptomLog

LOGS_PER_PAGE = 20


@dataclass(frozen=True)
class RatingShown:
    name: str
    label: str
    value: int
    higher_is_better: bool


@dataclass(frozen=True)
class LogEntry:
    """A log with its given ratings labelled, ready to show."""

    log: SymptomLog
    ratings: list[RatingShown]


def log_entry(log: SymptomLog) -> LogEntry:
    given = log.ratings()
    return LogEntry(
        log=log,
        ratings=[
            RatingShown(name, Symptom(name).label, given[name], higher_is_better(name))
            for name in SYMPTOM_FIELDS
            if name in given
        ],
    )


def symptom_logs(owner: User) -> QuerySet[SymptomLog]:
    """The owner's logs, newest first."""
    return (
        SymptomLog.objects.filter(owner=owner)
        .select_related("session")
        .order_by("-recorded_at", "-id")
    )


def symptom_log_page(owner: User, page_number: str | None, per_page: int = LOGS_PER_PAGE) -> Page:
    """One page of the owner's history as LogEntry items.

    A missing or malformed page number gives the first page; one past the end
    gives the last.
    """
    page = Paginator(symptom_logs(owner), per_page).get_page(page_number)
    page.object_list = [log_entry(log) for log in page.object_list]  # type: ignore[misc]
    return page


RECENT_LOGS = 20


@dataclass(frozen=True)
class CheckInDefaults:
    """What a check-in form starts with: the scales up front and "same as last time"."""

    shown: tuple[str, ...]
    previous: dict[str, int]

    def form_kwargs(self) -> dict:
        return {"shown": self.shown, "previous": self.previous}


def check_in_defaults(owner: User, main_symptoms: Sequence[str]) -> CheckInDefaults:
    """The profile's main symptoms (ordered by recent use) and the latest log's ratings."""
    logs = SymptomLog.objects.filter(owner=owner).order_by("-recorded_at", "-id")
    recent = [log.ratings() for log in logs.only(*SYMPTOM_FIELDS)[:RECENT_LOGS]]
    uses = Counter(name for ratings in recent for name in ratings)
    recently_rated = [name for name, _count in uses.most_common()]
    latest = next((ratings for ratings in recent if ratings), {})
    return CheckInDefaults(
        shown=check_in_symptoms(main_symptoms, recently_rated), previous=dict(latest)
    )
