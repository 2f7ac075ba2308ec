"""Deleting an account and everything it owns, leaving nothing readable behind."""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.db import connection, transaction

from accounts.models import Profile
from portability.models import ImportJob
from routines.models import Routine
from tracking.models import PracticeSession, SymptomLog


@transaction.atomic
def _delete_rows(user: User) -> None:
    username = user.get_username()
    SymptomLog.objects.filter(owner=user).delete()
    PracticeSession.objects.filter(owner=user).delete()
    Routine.objects.filter(owner=user).delete()
    ImportJob.objects.filter(owner=user).delete()
    Profile.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
    _delete_login_sessions(user)
    user.delete()


def _delete_login_sessions(user: User) -> None:
    """Remove the user's Django sessions (database-backed session engines only)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in store.get_model_class().objects.iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    for key in keys:
        store(session_key=key).delete()


def delete_account(*, user: User) -> None:
    """Delete the user and every row they own, then flush SQLite's write-ahead log.

    SQLite runs with secure_delete=ON, so the freed pages are zeroed; the WAL
    checkpoint copies them into the main file and truncates the -wal file, so
    the deleted text is not left readable there either.
    """
    _delete_rows(user)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
