import copy
import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest

from portability import export, reader, schema
from portability.reader import ImportValidationError, parse_document

EXERCISES = {"ankle-circles", "toe-pickups"}


def document(**overrides):
    doc = {
        "format": "neuroapp-export",
        "version": 1,
        "exported_at": "2026-03-05T10:00:00Z",
        "profile": {"main_symptoms": ["numbness"], "preferred_time": "morning"},
        "routines": [
            {
                "id": "routine-1",
                "name": "Morning",
                "steps": [{"exercise": "ankle-circles", "reps": 12}],
            }
        ],
        "sessions": [
            {
                "id": "session-1",
                "routine": "routine-1",
                "routine_name": "Morning",
                "started_at": "2026-03-01T08:30:00+01:00",
                "status": "completed",
                "stage": "done",
                "steps": [{"exercise": "ankle-circles", "dose_kind": "reps", "reps": 12}],
            }
        ],
        "symptom_logs": [
            {
                "id": "log-1",
                "recorded_at": "2026-03-01T07:00:00Z",
                "numbness": 5,
                "session": "session-1",
                "context": "before",
            }
        ],
    }
    doc.update(overrides)
    return doc


def parse(doc) -> schema.ExportData:
    return parse_document(json.dumps(doc).encode(), known_exercises=EXERCISES)


def problems(doc_or_bytes) -> list[str]:
    raw = doc_or_bytes if isinstance(doc_or_bytes, bytes) else json.dumps(doc_or_bytes).encode()
    with pytest.raises(ImportValidationError) as caught:
        parse_document(raw, known_exercises=EXERCISES)
    return caught.value.messages


def test_a_minimal_valid_file_parses_with_defaults_filled_in():
    data = parse(document())
    assert data.profile.main_symptoms == ["numbness"]
    assert data.profile.balance_concerns is False
    routine = data.routines[0]
    assert routine.focus == "custom"
    assert routine.steps[0].reps == 12 and routine.steps[0].sets is None
    session = data.sessions[0]
    assert session.started_at == datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
    assert session.time_of_day == "morning"  # derived from started_at, local time
    assert session.steps[0].status == "pending"
    log = data.symptom_logs[0]
    assert log.ratings["numbness"] == 5 and log.ratings["tingling"] is None
    assert log.session == "session-1" and log.foot == "both"


def test_the_written_document_reads_back_to_the_same_data():
    data = parse(document())
    again = parse_document(export.to_json_bytes(data), known_exercises=EXERCISES)
    assert again == data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["symptom_logs"][0].update(numbness=14),
            "symptom_logs[0].numbness: 14 is not between 0 and 10",
        ),
        (
            lambda d: d["symptom_logs"][0].update(numbness="5"),
            'symptom_logs[0].numbness: "5" is not a whole number',
        ),
        (
            lambda d: d["symptom_logs"][0].update(numbness=True),
            "symptom_logs[0].numbness: true is not a whole number",
        ),
        (
            lambda d: d["symptom_logs"][0].update(numbness=None),
            "symptom_logs[0]: needs at least one rating",
        ),
        (
            lambda d: d["symptom_logs"][0].update(foot="middle"),
            'symptom_logs[0].foot: "middle" is not one of: both, left, right',
        ),
        (
            lambda d: d["symptom_logs"][0].update(recorded_at="2026-03-01 07:00"),
            'symptom_logs[0].recorded_at: "2026-03-01 07:00" needs a time zone',
        ),
        (
            lambda d: d["symptom_logs"][0].update(recorded_at="yesterday"),
            'symptom_logs[0].recorded_at: "yesterday" is not a date and time',
        ),
        (
            lambda d: d["symptom_logs"][0].pop("recorded_at"),
            "symptom_logs[0].recorded_at: is missing",
        ),
        (
            lambda d: d["symptom_logs"][0].update(numbnes=3),
            "symptom_logs[0].numbnes: is not a field neuroapp knows",
        ),
        (
            lambda d: d["symptom_logs"][0].update(note="x" * 2001),
            "symptom_logs[0].note: is 2001 characters long; the most is 2000",
        ),
        (
            lambda d: d["symptom_logs"][0].update(note="a\u0000b"),
            "symptom_logs[0].note: contains a NUL character",
        ),
        (
            lambda d: d["symptom_logs"][0].update(session="session-9"),
            'symptom_logs[0].session: "session-9" is not the id of a session in this file',
        ),
        (
            lambda d: d["symptom_logs"][0].update(idempotency_key="not-a-uuid"),
            'symptom_logs[0].idempotency_key: "not-a-uuid" is not a UUID',
        ),
        (
            lambda d: d["sessions"][0].update(routine="routine-2"),
            'sessions[0].routine: "routine-2" is not the id of a routine in this file',
        ),
        (
            lambda d: d["sessions"][0].update(current_index=3),
            "sessions[0].current_index: 3 is past the last step",
        ),
        (
            lambda d: d["sessions"][0]["steps"][0].update(exercise="moon-walk"),
            'sessions[0].steps[0].exercise: "moon-walk" is not an exercise in this',
        ),
        (
            lambda d: d["routines"][0]["steps"][0].update(reps=500),
            "routines[0].steps[0].reps: 500 is not between 1 and 100",
        ),
        (
            lambda d: d["routines"][0].update(name="   "),
            "routines[0].name: must not be empty",
        ),
        (
            lambda d: d["routines"][0].update(steps={"exercise": "ankle-circles"}),
            "routines[0].steps: {",
        ),
        (lambda d: d.update(routines="none"), 'routines: "none" is not a list'),
        (lambda d: d["routines"].append(42), "routines[1]: 42 is not an object"),
        (
            lambda d: d["profile"].update(main_symptoms=["numbness", "numbness"]),
            'profile.main_symptoms[1]: "numbness" is listed twice',
        ),
        (
            lambda d: d["profile"].update(balance_concerns="yes"),
            'profile.balance_concerns: "yes" is not true or false',
        ),
        (lambda d: d.update(extra=1), "extra: is not a field neuroapp knows"),
    ],
)
def test_each_problem_names_the_record_and_field(change, expected):
    doc = document()
    change(doc)
    found = problems(doc)
    assert any(message.startswith(expected) for message in found), found


def test_duplicate_ids_keys_and_check_ins_are_refused():
    doc = document()
    doc["symptom_logs"].append(dict(doc["symptom_logs"][0], id="log-1"))
    found = problems(doc)
    assert 'symptom_logs[1].id: "log-1" is already the id of symptom_logs[0]' in found
    assert any(m.startswith('symptom_logs[1]: a second "before" check-in') for m in found)


def test_errors_are_capped_with_a_count_of_the_rest():
    doc = document(
        symptom_logs=[{"recorded_at": "2026-03-01T07:00:00Z", "numbness": 11} for _ in range(30)]
    )
    found = problems(doc)
    assert len(found) == reader.MAX_ERRORS + 1
    assert found[-1] == "… and 10 more problems."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00garbage", "it is not a text file"),
        (b"{not json", "it is not valid JSON (lexical error"),
        (b"[1, 2]", 'it should start with {"format": "neuroapp-export"'),
        (b'{"format": "something-else"}', 'it should start with {"format"'),
        (b'{"format": "neuroapp-export", "version": 3}', "version: this file is version 3"),
        (b'{"format": "neuroapp-export", "version": "1"}', 'this file is version "1"'),
        (b'{"format": "neuroapp-export"}', "this file is version null"),
        (b'{"format": "neuroapp-export", "version": 1, "routines": NaN}', "it is not valid JSON"),
        (b"[" * 100000 + b"]" * 100000, 'it should start with {"format"'),
        (b'{"format": "neuroapp-export", "version": 1, "x": ' + b"[" * 100000, "not valid JSON"),
        (b'{"format": "neuroapp-export", "version": 1} trailing', "not valid JSON"),
    ],
)
def test_files_that_are_not_exports_get_one_clear_message(raw, expected):
    found = problems(raw)
    assert len(found) == 1
    assert expected in found[0]


def test_a_byte_order_mark_is_accepted():
    data = parse_document(
        b"\xef\xbb\xbf" + json.dumps(document()).encode(), known_exercises=EXERCISES
    )
    assert len(data.symptom_logs) == 1


def test_lone_surrogates_become_a_question_mark_that_a_database_can_store():
    raw = json.dumps(document()).replace('"Morning"', '"Morn\\ud800ing"', 1).encode()
    assert parse_document(raw, known_exercises=EXERCISES).routines[0].name == "Morn?ing"


def test_csv_zip_has_one_file_per_kind_and_defuses_formulas():
    doc = document()
    doc["symptom_logs"][0]["note"] = "=HYPERLINK(1)"
    archive = zipfile.ZipFile(io.BytesIO(export.to_csv_zip(parse(doc))))
    assert set(archive.namelist()) == {"README.txt", *export.CSV_FILES}
    text = archive.read("symptom_logs.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["numbness"] == "5"
    assert rows[0]["tingling"] == ""
    assert rows[0]["note"] == "'=HYPERLINK(1)"
    assert rows[0]["session"] == "session-1"
    assert rows[0]["recorded_at"] == "2026-03-01T07:00:00+00:00"  # Europe/London in winter
    sessions = list(csv.DictReader(io.StringIO(archive.read("sessions.csv").decode("utf-8-sig"))))
    assert sessions[0]["routine"] == "routine-1"
    assert sessions[0]["steps_total"] == "1"


STEP = {"exercise": "ankle-circles", "dose_kind": "reps", "reps": 12}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["sessions"][0].update(steps=[STEP] * 400_000),
            "sessions[0]: is far too large for one record",
        ),
        (
            lambda d: d["sessions"][0].update(steps=[STEP] * 101),
            "sessions[0].steps: has 101 steps; the most is 100",
        ),
        (
            lambda d: d["routines"][0].update(steps=[{"exercise": "ankle-circles"}] * 101),
            "routines[0].steps: has 101 steps; the most is 100",
        ),
        (
            lambda d: d["sessions"][0].update(finished_at="2026-03-01T07:00:00Z"),
            "sessions[0].finished_at: ends before it starts",
        ),
        (
            lambda d: d["sessions"][0].update(finished_at="2026-03-03T08:00:00Z"),
            "sessions[0].finished_at: lasts more than a day",
        ),
        (
            lambda d: d["symptom_logs"][0].update(recorded_at="2200-01-01T00:00:00Z"),
            'symptom_logs[0].recorded_at: "2200-01-01T00:00:00Z" is in the future',
        ),
        (
            lambda d: d["symptom_logs"][0].update(recorded_at="1990-01-01T00:00:00Z"),
            'symptom_logs[0].recorded_at: "1990-01-01T00:00:00Z" is more than 20 years ago',
        ),
        (
            lambda d: d["sessions"][0]["steps"][0].update(
                dose_kind="timed", reps=None, duration_seconds=2_147_483_647
            ),
            "sessions[0].steps[0].duration_seconds: 2147483647 is not between 10 and 3600",
        ),
    ],
)
def test_impossible_sizes_and_times_are_refused(change, expected):
    doc = document()
    change(doc)
    found = problems(doc)
    assert any(message.startswith(expected) for message in found), found


def test_an_unknown_field_name_is_not_echoed_in_full():
    doc = document()
    doc["symptom_logs"][0]["x" * 5_000_000] = 1
    found = problems(doc)
    assert all(len(message) < 200 for message in found), [len(m) for m in found]
    assert any("is not a field neuroapp knows" in message for message in found)


@pytest.mark.parametrize("note", [" =HYPERLINK(1)", "\n=1+1", "\t+2", "\x00\x1f@SUM(A1)", "-3"])
def test_the_formula_guard_looks_past_spaces_and_control_characters(note):
    doc = document()
    doc["symptom_logs"][0]["note"] = note.replace("\x00", "")
    archive = zipfile.ZipFile(io.BytesIO(export.to_csv_zip(parse(doc))))
    rows = list(csv.DictReader(io.StringIO(archive.read("symptom_logs.csv").decode("utf-8-sig"))))
    assert rows[0]["note"].startswith("'")


def test_a_session_lasting_under_a_day_is_fine():
    doc = document()
    doc["sessions"][0]["finished_at"] = "2026-03-01T08:00:00Z"
    assert parse(doc).sessions[0].finished_at is not None


CHECKS = {
    "foot_checks": [
        {"checked_at": "2026-03-01T06:55:00Z", "left": ["cut", "warmth"], "session": "session-1"},
        {"checked_at": "2026-03-02T06:55:00Z"},
    ],
    "touch_tests": [
        {
            "taken_at": "2026-03-01T08:40:00Z",
            "left_touched": ["toes", "ball", "arch", "heel", "top"],
            "left_named": ["toes", "nothing", "arch", "heel", "ball"],
        }
    ],
    "neuropathy_screens": [{"taken_at": "2026-03-01T09:00:00Z", "answers": [True] * 15}],
}


def test_foot_checks_touch_tests_and_questionnaires_read_in():
    data = parse(document(**copy.deepcopy(CHECKS)))
    assert [check.left for check in data.foot_checks] == [["cut", "warmth"], []]
    assert data.foot_checks[0].session == "session-1"
    assert data.touch_tests[0].left_named[1] == "nothing"
    assert len(data.neuropathy_screens[0].answers) == 15
    assert data.record_count == 1 + 3 + 4


@pytest.mark.parametrize(
    "key, change, expected",
    [
        ("foot_checks", {"left": ["gangrene"]}, 'foot_checks[0].left[0]: "gangrene" is not'),
        ("foot_checks", {"session": "session-9"}, 'foot_checks[0].session: "session-9" is not'),
        (
            "foot_checks",
            {"healed_at": "2026-02-01T00:00:00Z"},
            "foot_checks[0].healed_at: is before the foot check",
        ),
        (
            "touch_tests",
            {"left_touched": ["toes", "toes", "arch", "heel", "top"]},
            "touch_tests[0].left_touched: should name every spot once",
        ),
        (
            "touch_tests",
            {"left_named": ["toes"]},
            "touch_tests[0].left_named: has 1 answers for 5 touches",
        ),
        (
            "neuropathy_screens",
            {"answers": [True] * 14},
            "neuropathy_screens[0].answers: has 14 answers; the questionnaire has 15",
        ),
        ("neuropathy_screens", {"answers": ["yes"] * 15}, "is not true or false"),
    ],
)
def test_bad_checks_name_the_record_and_field(key, change, expected):
    doc = document(**copy.deepcopy(CHECKS))
    doc[key][0] = {**doc[key][0], **change}
    assert any(expected in problem for problem in problems(doc)), problems(doc)


def test_the_csv_zip_has_the_checks_too():
    data = parse(document(**copy.deepcopy(CHECKS)))
    with zipfile.ZipFile(io.BytesIO(export.to_csv_zip(data))) as archive:
        foot = list(csv.reader(io.StringIO(archive.read("foot_checks.csv").decode("utf-8-sig"))))
        screens = archive.read("neuropathy_screens.csv").decode("utf-8-sig")
        touch = archive.read("touch_tests.csv").decode("utf-8-sig")
    assert foot[1][2:5] == ["cut warmth", "", "yes"]  # an open wound with warmth: urgent
    assert ",11,yes," in screens  # all yes: 11 points, a positive screen
    assert ",3,5,,," in touch  # left foot 3 out of 5, right not tested


PLAN_MOVES = ["toe-pickups", "ankle-circles"]


def document_v2(**overrides):
    """Version 2: a plan on the routine, the session one of its turns, a week plan and
    reminder settings."""
    doc = document(version=2)
    doc["plans"] = [
        {
            "id": "plan-1",
            "routine": "routine-1",
            "seed": 42,
            "length": 28,
            "varied": PLAN_MOVES,
            "started_at": "2026-02-28T08:00:00Z",
        }
    ]
    doc["sessions"][0].update(
        plan="plan-1", plan_index=0, left_out=["toe-pickups"], paused_for_feet=[]
    )
    doc["week_plan"] = {"routine": "routine-1", "days": [4, 0, 2], "first_time": "09:00"}
    doc["reminders"] = {"by_email": True, "minutes_before": 30}
    doc.update(overrides)
    return doc


def test_a_version_2_file_reads_plans_week_plan_and_reminders():
    data = parse(document_v2())
    (plan,) = data.plans
    assert (plan.routine, plan.seed, plan.varied, plan.ended_at) == (
        "routine-1",
        42,
        PLAN_MOVES,
        None,
    )
    (session,) = data.sessions
    assert (session.plan, session.plan_index, session.left_out) == ("plan-1", 0, ["toe-pickups"])
    assert data.week_plan is not None
    assert data.week_plan.days == [4, 0, 2]
    assert data.week_plan.first_time.hour == 9 and data.week_plan.second_time is None
    assert data.reminders is not None
    assert (data.reminders.by_email, data.reminders.by_push, data.reminders.minutes_before) == (
        True,
        False,
        30,
    )
    assert data.record_count == 1 + 1 + 1 + 1 + 1 + 1 + 1  # profile, week plan, reminders, …


def test_a_version_1_file_still_imports_and_the_export_writes_version_2():
    data = parse(document(version=1))
    assert data.plans == () and data.week_plan is None and data.reminders is None
    assert json.loads(export.to_json_bytes(data))["version"] == 2


def test_a_version_2_file_reads_back_to_the_same_data():
    data = parse(document_v2())
    again = parse(json.loads(export.to_json_bytes(data)))
    assert again == data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["plans"][0].update(routine="routine-9"),
            'plans[0].routine: "routine-9" is not the id of a routine in this file',
        ),
        (lambda d: d["plans"][0].pop("seed"), "plans[0].seed: is missing"),
        (lambda d: d["plans"][0].update(seed=-1), "plans[0].seed: -1 is not between 0 and"),
        (lambda d: d["plans"][0].update(length=0), "plans[0].length: 0 is not between 1 and 365"),
        (
            lambda d: d["plans"][0].update(varied=["toe-pickups", "moon-walk"]),
            'plans[0].varied[1]: "moon-walk" is not an exercise in this',
        ),
        (
            lambda d: d["plans"][0].update(varied=["toe-pickups", "toe-pickups"]),
            'plans[0].varied[1]: "toe-pickups" is listed twice',
        ),
        (
            lambda d: d["plans"][0].update(ended_at="2026-02-27T08:00:00Z"),
            "plans[0].ended_at: ends before it starts",
        ),
        (
            lambda d: d["plans"].append(dict(d["plans"][0], id="plan-2")),
            'plans[1].ended_at: routine "routine-1" already has a running plan (plans[0])',
        ),
        (
            lambda d: d["plans"].append(dict(d["plans"][0], ended_at="2026-03-01T00:00:00Z")),
            'plans[1].id: "plan-1" is already the id of plans[0]',
        ),
        (
            lambda d: d["sessions"][0].update(plan="plan-9"),
            'sessions[0].plan: "plan-9" is not the id of a plan in this file',
        ),
        (
            lambda d: d["sessions"][0].update(routine=None),
            'sessions[0].routine: is null, but its plan "plan-1" is on routine "routine-1"',
        ),
        (
            lambda d: d["sessions"][0].update(plan=None),
            "sessions[0].plan_index: is set, but the session has no plan",
        ),
        (
            lambda d: d["sessions"][0].update(paused_for_feet=["moon-walk"]),
            'sessions[0].paused_for_feet[0]: "moon-walk" is not an exercise in this',
        ),
        (
            lambda d: d["week_plan"].update(routine="routine-9"),
            'week_plan.routine: "routine-9" is not the id of a routine in this file',
        ),
        (lambda d: d["week_plan"].update(days=[]), "week_plan.days: needs at least one"),
        (lambda d: d["week_plan"].update(days=[7]), "week_plan.days[0]: 7 is not between 0 and 6"),
        (lambda d: d["week_plan"].update(days=[1, 1]), "week_plan.days[1]: 1 is listed twice"),
        (
            lambda d: d["week_plan"].update(first_time="25:00"),
            'week_plan.first_time: "25:00" is not a time of day like "09:00"',
        ),
        (
            lambda d: d["week_plan"].update(first_time=900),
            'week_plan.first_time: 900 is not a time of day like "09:00"',
        ),
        (
            lambda d: d["week_plan"].update(second_time="09:00"),
            "week_plan.second_time: is the same as first_time",
        ),
        (lambda d: d["week_plan"].pop("first_time"), "week_plan.first_time: is missing"),
        (
            lambda d: d["reminders"].update(minutes_before=15),
            "reminders.minutes_before: 15 is not one of: 0, 10, 30",
        ),
        (
            lambda d: d["reminders"].update(by_email="yes"),
            'reminders.by_email: "yes" is not true or false',
        ),
        (
            lambda d: d["reminders"].update(calendar_token="abc"),
            "reminders.calendar_token: is not a field neuroapp knows",
        ),
        (lambda d: d.update(week_plan=[]), "week_plan: [] is not an object"),
    ],
)
def test_bad_plans_week_plans_and_reminders_name_the_record_and_field(change, expected):
    doc = document_v2()
    change(doc)
    found = problems(doc)
    assert any(message.startswith(expected) for message in found), found


def test_the_csv_zip_has_plans_the_week_plan_and_reminders():
    doc = document_v2()
    doc["week_plan"]["second_time"] = "18:30"
    archive = zipfile.ZipFile(io.BytesIO(export.to_csv_zip(parse(doc))))

    def rows(name):
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))

    (plan,) = rows("plans.csv")
    assert (plan["id"], plan["routine"], plan["varied"], plan["ended_at"]) == (
        "plan-1",
        "routine-1",
        "toe-pickups ankle-circles",
        "",
    )
    (session,) = rows("sessions.csv")
    assert (session["plan"], session["left_out"]) == ("plan-1", "toe-pickups")
    assert rows("week_plan.csv") == [
        {
            "routine": "routine-1",
            "days": "Monday Wednesday Friday",
            "first_time": "09:00",
            "second_time": "18:30",
        }
    ]
    assert rows("reminders.csv") == [
        {"by_email": "yes", "by_push": "no", "check_in_reminder": "yes", "minutes_before": "30"}
    ]
    assert "week_plan.csv" in archive.read("README.txt").decode()
