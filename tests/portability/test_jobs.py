import json
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import Profile
from portability import deletion, export, jobs, schema, selectors, writer
from portability.models import ImportJob, ImportRecord, ImportStatus
from portability.reader import parse_document
from routines.models import DiscoveryPlan, Exercise, Routine, RoutineStep, WeekPlan
from tests.factories import UserFactory
from tests.portability.conftest import NOTE, T0, fill_account
from tests.routines.factories import DiscoveryPlanFactory, RoutineFactory, WeekPlanFactory
from tests.tracking.factories import PushSubscriptionFactory, ReminderSettingsFactory
from tracking.models import PracticeSession, ReminderSettings, SessionStep, SymptomLog


def exported(user) -> dict:
    document = json.loads(export.to_json_bytes(selectors.export_data_for(user)))
    document.pop("exported_at")
    return document


def import_in_chunks(user, data, batch_size=2):
    job = jobs.start_import(owner=user, data=data, filename="backup.json")
    steps = 0
    while job.is_running:
        job = jobs.advance_import(job=job, time_budget=0, batch_size=batch_size)
        steps += 1
    return job, steps


def test_export_uses_local_ids_and_every_field_that_is_set(filled_account):
    document = exported(filled_account)
    assert [r["id"] for r in document["routines"]] == ["routine-1", "routine-2"]
    morning = document["routines"][0]
    assert morning["name"] == "Morning"
    assert morning["steps"][1] == {
        "exercise": "toe-pickups",
        "reps": 12,
        "sets": 2,
        "sides": 2,
    }  # null fields are left out: absent and null mean the same
    done, stopped, running = document["sessions"]
    assert done["routine"] == "routine-1" and running["routine"] == "routine-2"
    assert "routine" not in stopped and stopped["stop_reason"] == "Pain in my left heel"
    assert done["steps"][0]["feedback"] == "helped"
    assert done["started_at"] == "2026-03-01T08:30:15.123456Z"
    logs = document["symptom_logs"]
    assert [log.get("session") for log in logs] == [
        "session-1",
        "session-1",
        "session-2",
        None,
        None,
    ]
    assert logs[2]["note"] == NOTE and logs[2]["foot"] == "left" and logs[2]["sharp"] == 8
    assert document["profile"]["main_symptoms"] == ["numbness", "pain"]
    database_ids = {str(pk) for pk in SymptomLog.objects.values_list("pk", flat=True)}
    assert not database_ids & {str(log["id"]) for log in logs}


def test_export_is_one_compact_record_per_line(filled_account):
    raw = export.to_json_bytes(selectors.export_data_for(filled_account)).decode()
    lines = raw.splitlines()
    start = lines.index('"symptom_logs": [') + 1
    logs = lines[start : lines.index("],", start)]
    assert len(logs) == 5 and all(line.startswith('{"id":"log-') for line in logs)
    assert ": " not in logs[0] and "null" not in logs[0]
    assert json.loads(raw)["format"] == "neuroapp-export"


def test_round_trip_into_an_empty_account_is_lossless(filled_account, other_user):
    before = exported(filled_account)
    data = selectors.export_data_for(filled_account)
    job, steps = import_in_chunks(other_user, data, batch_size=3)
    assert job.status == ImportStatus.DONE
    assert steps >= 7  # 19 records, three at a time
    assert exported(other_user) == before
    assert ImportRecord.objects.count() == 0  # staged copies are removed when done
    assert job.created_counts == {
        "profile": 1,
        "week_plan": 1,
        "reminders": 1,
        "routines": 2,
        "plans": 2,
        "sessions": 3,
        "symptom_logs": 5,
        "foot_checks": 2,
        "touch_tests": 1,
        "neuropathy_screens": 1,
    }


def test_importing_the_same_file_again_adds_nothing(filled_account):
    before = exported(filled_account)
    data = selectors.export_data_for(filled_account)
    job, _ = import_in_chunks(filled_account, data)
    assert job.created_counts == {
        "profile": 1,
        "week_plan": 1,
        "reminders": 1,
        "routines": 0,
        "plans": 0,
        "sessions": 0,
        "symptom_logs": 0,
        "foot_checks": 0,
        "touch_tests": 0,
        "neuropathy_screens": 0,
    }
    assert job.skipped_counts == {
        "routines": 2,
        "plans": 2,
        "sessions": 3,
        "symptom_logs": 5,
        "foot_checks": 2,
        "touch_tests": 1,
        "neuropathy_screens": 1,
    }
    assert exported(filled_account) == before


def test_import_merges_into_an_account_that_has_its_own_data(filled_account, other_user):
    fill_account(other_user, start=T0 + timedelta(seconds=1))
    mine = exported(other_user)
    job, _ = import_in_chunks(other_user, selectors.export_data_for(filled_account))
    assert job.status == ImportStatus.DONE
    assert job.skipped_counts == {}
    assert SymptomLog.objects.filter(owner=other_user).count() == 10
    assert Routine.objects.filter(owner=other_user).count() == 4
    notes = SymptomLog.objects.filter(owner=other_user, note=NOTE)
    assert notes.count() == 2
    # The imported check-ins point at the imported sessions, not at the account's own.
    imported_stopped = PracticeSession.objects.filter(
        owner=other_user, routine_name="A routine I deleted"
    )
    assert imported_stopped.count() == 2
    assert {log.session_id for log in notes} == {s.pk for s in imported_stopped}
    assert len(exported(other_user)["symptom_logs"]) == len(mine["symptom_logs"]) * 2


def test_profile_keeps_the_earliest_safety_acknowledgement(filled_account, other_user):
    data = selectors.export_data_for(filled_account)
    import_in_chunks(other_user, data)
    profile = Profile.objects.get(user=other_user)
    assert profile.safety_acknowledged_at == filled_account.profile.safety_acknowledged_at
    assert profile.main_symptoms == ["numbness", "pain"]
    assert profile.preferred_time == "evening"


def test_a_failing_chunk_removes_everything_the_import_had_written(
    filled_account, other_user, monkeypatch
):
    data = selectors.export_data_for(filled_account)
    job = jobs.start_import(owner=other_user, data=data)
    job = jobs.advance_import(job=job, time_budget=0, batch_size=5)
    assert Routine.objects.filter(owner=other_user).count() == 2
    assert Profile.objects.get(user=other_user).preferred_time == "evening"

    def broken(self, items):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer.Writer, "_write_symptom_log", broken)
    job = jobs.advance_import(job=job, time_budget=0, batch_size=5)
    assert job.status == ImportStatus.FAILED
    assert job.message == "Something went wrong while saving."
    assert not Routine.objects.filter(owner=other_user).exists()
    assert not PracticeSession.objects.filter(owner=other_user).exists()
    assert not SymptomLog.objects.filter(owner=other_user).exists()
    assert Profile.objects.get(user=other_user).preferred_time == "morning"  # restored
    assert not job.records.exists()


def test_an_exercise_removed_after_checking_fails_the_import_cleanly(filled_account, other_user):
    data = selectors.export_data_for(filled_account)
    job = jobs.start_import(owner=other_user, data=data)
    RoutineStep.objects.filter(exercise__slug="toe-pickups").delete()
    SessionStep.objects.filter(exercise__slug="toe-pickups").delete()
    Exercise.objects.filter(slug="toe-pickups").delete()
    job = jobs.advance_import(job=job, time_budget=0, batch_size=100)
    assert job.status == ImportStatus.FAILED
    assert "“toe-pickups” is no longer in the library" in job.message
    assert not Routine.objects.filter(owner=other_user).exists()


def test_cancel_undoes_a_running_import(filled_account, other_user):
    job = jobs.start_import(owner=other_user, data=selectors.export_data_for(filled_account))
    job = jobs.advance_import(job=job, time_budget=0, batch_size=6)  # profile to a session
    assert PracticeSession.objects.filter(owner=other_user).exists()
    assert DiscoveryPlan.objects.filter(routine__owner=other_user).count() == 2
    job = jobs.cancel_import(job=job)
    assert job.status == ImportStatus.CANCELLED
    assert not PracticeSession.objects.filter(owner=other_user).exists()
    assert not Routine.objects.filter(owner=other_user).exists()
    assert not DiscoveryPlan.objects.filter(routine__owner=other_user).exists()


def test_only_one_import_runs_at_a_time(filled_account, other_user):
    data = selectors.export_data_for(filled_account)
    jobs.start_import(owner=other_user, data=data)
    with pytest.raises(jobs.ImportAlreadyRunning):
        jobs.start_import(owner=other_user, data=data)
    assert ImportJob.objects.filter(owner=other_user).count() == 1


def test_the_database_allows_one_running_import_per_account(filled_account, other_user):
    from django.db import IntegrityError, transaction

    ImportJob.objects.create(owner=other_user, status=ImportStatus.RUNNING)
    for status in (ImportStatus.RUNNING, ImportStatus.UNDOING):
        with pytest.raises(IntegrityError), transaction.atomic():
            ImportJob.objects.create(owner=other_user, status=status)
    ImportJob.objects.create(owner=other_user, status=ImportStatus.DONE)  # finished: fine
    ImportJob.objects.create(owner=filled_account, status=ImportStatus.RUNNING)  # another account


def test_an_upload_that_loses_the_race_is_told_which_import_runs(filled_account, other_user):
    """Two uploads at once both pass the "none running" read (READ COMMITTED); the
    constraint stops the second, which is answered with the first."""
    from unittest import mock

    data = selectors.export_data_for(filled_account)
    winner = ImportJob.objects.create(owner=other_user, status=ImportStatus.RUNNING)
    real_filter = ImportJob.objects.filter
    reads = []

    def first_read_sees_nothing(*args, **kwargs):
        found = real_filter(*args, **kwargs)
        if "status__in" not in kwargs:
            return found
        reads.append(kwargs)
        return found.none() if len(reads) == 1 else found

    with (
        mock.patch.object(ImportJob.objects, "filter", side_effect=first_read_sees_nothing),
        pytest.raises(jobs.ImportAlreadyRunning) as raised,
    ):
        jobs.start_import(owner=other_user, data=data)
    assert raised.value.job == winner and len(reads) == 2  # the check, then the winner
    assert ImportJob.objects.filter(owner=other_user).count() == 1


def test_delete_account_removes_every_row_of_the_user_and_nobody_elses(filled_account, other_user):
    fill_account(other_user, start=T0 + timedelta(days=30))
    jobs.start_import(owner=filled_account, data=selectors.export_data_for(other_user))
    username = filled_account.username
    for model in (AccessLog, AccessFailureLog):
        model.objects.create(username=username, user_agent="x", ip_address="127.0.0.1")
        model.objects.create(username=other_user.username, user_agent="x", ip_address="::1")
    AccessAttempt.objects.create(
        username=username, user_agent="x", ip_address="127.0.0.1", failures_since_start=2
    )
    mine, theirs = Client(), Client()
    mine.force_login(filled_account)
    theirs.force_login(other_user)
    assert Session.objects.count() == 2
    their_logs = AccessLog.objects.filter(username=other_user.username).count()
    assert AccessLog.objects.filter(username=username).count() == 2  # ours + force_login

    deletion.delete_account(user=filled_account)

    assert not get_user_model().objects.filter(username=username).exists()
    for model, owner_field in (
        (Profile, "user"),
        (Routine, "owner"),
        (PracticeSession, "owner"),
        (SymptomLog, "owner"),
        (ImportJob, "owner"),
    ):
        assert not model.objects.filter(**{f"{owner_field}__username": username}).exists()
    assert not RoutineStep.objects.filter(routine__owner__username=username).exists()
    assert not ImportRecord.objects.exists()
    assert not SymptomLog.objects.filter(note=NOTE).exclude(owner=other_user).exists()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username=username).exists()
    assert AccessLog.objects.filter(username=other_user.username).count() == their_logs
    # The other person keeps their data and their login.
    assert exported(other_user)["symptom_logs"]
    assert Session.objects.count() == 1
    assert theirs.get("/").status_code == 200


def test_logs_without_keys_are_told_apart_by_their_times(user, library):
    data = schema.ExportData(
        profile=None,
        symptom_logs=tuple(
            schema.SymptomLogData(
                id=None,
                recorded_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
                time_of_day="morning",
                numbness=n,
                idempotency_key=str(uuid.uuid4()) if n else None,
            )
            for n in range(3)
        ),
    )
    job, _ = import_in_chunks(user, data)
    assert job.created_counts == {"symptom_logs": 3}
    job, _ = import_in_chunks(user, data)
    # Keyed logs are recognised; a log with neither key nor created_at is added again.
    assert job.skipped_counts == {"symptom_logs": 2}
    assert SymptomLog.objects.filter(owner=user).count() == 4


def test_an_account_deleted_during_its_import_ends_the_job_quietly(filled_account, other_user):
    job = jobs.start_import(owner=other_user, data=selectors.export_data_for(filled_account))
    deletion.delete_account(user=other_user)
    with pytest.raises(ImportJob.DoesNotExist):
        jobs.advance_import(job=job, time_budget=0, batch_size=2)
    assert not ImportJob.objects.filter(pk=job.pk).exists()


def test_a_batch_is_sized_by_the_rows_it_writes(user, library, other_user, monkeypatch):
    monkeypatch.setattr(jobs, "IMPORT_BATCH_ROWS", 120)
    step = schema.SessionStepData(exercise="ankle-circles", dose_kind="reps", reps=10)
    sessions = [
        schema.SessionData(
            routine_name="Long",
            started_at=datetime.now(UTC) - timedelta(days=day + 1),
            steps=[step] * 100,
        )
        for day in range(3)
    ]
    data = schema.ExportData(profile=None, routines=[], sessions=sessions, symptom_logs=[])
    job, steps = import_in_chunks(other_user, data, batch_size=500)
    assert job.status == ImportStatus.DONE
    assert steps == 3  # one 101-row session per batch, not all three at once
    assert SessionStep.objects.filter(session__owner=other_user).count() == 300


def test_a_big_file_is_staged_in_short_transactions(filled_account, other_user, monkeypatch):
    monkeypatch.setattr(jobs, "STAGING_CHUNK", 2)
    data = selectors.export_data_for(filled_account)
    job, _ = import_in_chunks(other_user, data, batch_size=3)
    assert job.status == ImportStatus.DONE
    assert exported(other_user) == exported(filled_account)


def test_staged_copies_left_by_a_short_last_request_are_removed_later(
    filled_account, other_user, monkeypatch
):
    monkeypatch.setattr(jobs, "PURGE_CHUNK", 2)
    data = selectors.export_data_for(filled_account)
    job, _ = import_in_chunks(other_user, data, batch_size=20)
    assert job.status == ImportStatus.DONE
    assert job.records.count() == 19 - 2  # one chunk removed, then the time was up

    jobs.purge_staged(job=job, time_budget=0)
    assert job.records.count() == 19 - 4  # the finished job's page removes some more

    jobs.start_import(owner=other_user, data=data, filename="again.json")
    assert not job.records.exists()  # the next import clears the rest first


def frozen_export(user) -> schema.ExportData:
    """The user's export read back from its bytes (export_data_for reads lazily)."""
    return parse_document(
        export.to_json_bytes(selectors.export_data_for(user)),
        known_exercises=selectors.known_exercise_slugs(),
    )


def test_the_week_plan_and_reminders_become_the_files(filled_account, other_user):
    own = RoutineFactory(owner=other_user, name="Mine")
    WeekPlanFactory(owner=other_user, routine=own, days=[6], first_time=time(7, 15))
    ReminderSettingsFactory(owner=other_user, calendar_token="private-feed", minutes_before=0)
    job, _ = import_in_chunks(other_user, selectors.export_data_for(filled_account))
    assert job.status == ImportStatus.DONE
    plan = WeekPlan.objects.get(owner=other_user)
    assert plan.routine is not None and plan.routine.owner == other_user
    assert (plan.routine.name, plan.days, plan.first_time, plan.second_time) == (
        "Morning",
        [0, 2, 4],
        time(9, 0),
        time(18, 30),
    )
    reminders = ReminderSettings.objects.get(owner=other_user)
    assert (reminders.by_email, reminders.check_in_reminder, reminders.minutes_before) == (
        True,
        False,
        30,
    )
    assert reminders.calendar_token == "private-feed"  # this server's secret, kept
    # Email was off here: reminders due before the import are not sent now.
    assert reminders.active_since >= job.created_at
    assert job.previous_settings == {}


def test_stopping_an_import_puts_back_the_week_plan_it_had_replaced(filled_account, other_user):
    own = RoutineFactory(owner=other_user, name="Mine")
    WeekPlanFactory(owner=other_user, routine=own, days=[6], first_time=time(7, 15))
    before = exported(other_user)
    job = jobs.start_import(owner=other_user, data=selectors.export_data_for(filled_account))
    while job.cursor < job.total - 1:  # everything but the reminder settings
        job = jobs.advance_import(job=job, time_budget=0, batch_size=1)
    assert WeekPlan.objects.get(owner=other_user).days == [0, 2, 4]
    job = jobs.cancel_import(job=job)
    assert job.status == ImportStatus.CANCELLED
    assert exported(other_user) == before  # the same plan, routine and updated_at


def test_a_failed_import_removes_the_week_plan_an_empty_account_did_not_have(
    filled_account, other_user, monkeypatch
):
    def broken(self, items):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer.Writer, "_write_reminders", broken)
    job, _ = import_in_chunks(other_user, selectors.export_data_for(filled_account))
    assert job.status == ImportStatus.FAILED
    assert not WeekPlan.objects.filter(owner=other_user).exists()
    assert not DiscoveryPlan.objects.filter(routine__owner=other_user).exists()


def test_an_imported_plan_carries_on_where_it_was(filled_account, other_user):
    import_in_chunks(other_user, selectors.export_data_for(filled_account))
    running = DiscoveryPlan.objects.get(routine__owner=other_user, ended_at__isnull=True)
    assert (running.seed, running.length, running.restarted_at_index) == (2**31 - 1, 28, 1)
    (session,) = running.sessions.all()
    assert session.left_out == ["seated-calf-raises", "wall-calf-stretch"]
    assert session.paused_for_feet == ["textured-ball-roll"]
    ended = DiscoveryPlan.objects.get(routine__owner=other_user, ended_at__isnull=False)
    assert ended.length == 14 and not ended.sessions.exists()


def test_a_running_plan_where_the_account_runs_another_is_imported_as_ended(filled_account):
    data = frozen_export(filled_account)
    theirs = DiscoveryPlan.objects.get(routine__owner=filled_account, ended_at__isnull=True)
    routine = theirs.routine
    theirs.delete()
    mine = DiscoveryPlanFactory(routine=routine)
    job, _ = import_in_chunks(filled_account, data)
    assert job.status == ImportStatus.DONE
    assert (job.created_counts["plans"], job.skipped_counts["plans"]) == (1, 1)
    plans = DiscoveryPlan.objects.filter(routine=routine)
    assert plans.get(ended_at__isnull=True) == mine
    assert plans.get(seed=2**31 - 1).ended_at is not None


def test_notifications_stay_on_only_where_a_device_is_set_up(filled_account, other_user):
    ReminderSettings.objects.filter(owner=filled_account).update(by_push=True)
    data = frozen_export(filled_account)
    job, _ = import_in_chunks(other_user, data)
    assert not ReminderSettings.objects.get(owner=other_user).by_push
    assert "turn them on again on each phone or computer" in job.message
    with_a_phone = UserFactory()
    PushSubscriptionFactory(owner=with_a_phone)
    job, _ = import_in_chunks(with_a_phone, data)
    assert ReminderSettings.objects.get(owner=with_a_phone).by_push
    assert job.message == ""
