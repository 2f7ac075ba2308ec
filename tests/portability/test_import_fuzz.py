"""Whatever a file contains, import either refuses it with messages or writes all of it."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portability import export, jobs, reader, selectors
from portability.models import ImportStatus
from tests.factories import UserFactory

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=70000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.sampled_from(
        [
            "",
            "routine-1",
            "session-2",
            "ankle-circles",
            "2026-03-01T08:00:00Z",
            "2026-03-01T08:00:00",
            "done",
            "after",
            "\u0000",
            "7f1c9a52-5a43-4c41-8a44-0c6b8f2c1e11",
        ]
    ),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["id", "name", "x"]), st.integers(0, 3), max_size=2),
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def mutate(document, path, value, delete):
    document = copy.deepcopy(document)
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


@pytest.fixture
def base_document(filled_account):
    return json.loads(export.to_json_bytes(selectors.export_data_for(filled_account)))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_mutation_is_refused_cleanly_or_imported_completely(base_document, data):
    all_paths = list(paths(base_document))
    mutations = data.draw(st.integers(1, 3))
    document = base_document
    for _ in range(mutations):
        path = data.draw(st.sampled_from(all_paths))
        try:
            document = mutate(document, path, data.draw(ODD_VALUES), data.draw(st.booleans()))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    raw = json.dumps(document).encode()
    try:
        parsed = reader.parse_document(raw, known_exercises=selectors.known_exercise_slugs())
    except reader.ImportValidationError as refused:
        assert refused.messages and all(isinstance(m, str) and m for m in refused.messages)
        return
    job = jobs.import_now(owner=UserFactory(), data=parsed)
    assert job.status == ImportStatus.DONE
