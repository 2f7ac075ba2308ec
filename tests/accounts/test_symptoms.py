"""One vocabulary: every place that lists symptoms takes them from accounts.symptoms."""

import pytest

from accounts.symptoms import (
    BURDEN,
    BURDEN_SYMPTOMS,
    MEASURED_BY,
    SERIES_LABELS,
    SYMPTOM_FIELDS,
    MainSymptom,
    Symptom,
    check_in_symptoms,
    higher_is_better,
)
from portability.schema import SymptomLogData
from routines.library import TARGETS
from tracking.logs.forms import SymptomRatingsForm
from tracking.models import SymptomLog


def test_only_balance_confidence_is_better_when_higher():
    assert [s for s in SYMPTOM_FIELDS if higher_is_better(s)] == ["balance_confidence"]
    assert Symptom.BALANCE_CONFIDENCE.higher_is_better
    assert not Symptom.NUMBNESS.higher_is_better
    assert not higher_is_better(BURDEN)
    assert "balance_confidence" not in BURDEN_SYMPTOMS


def test_the_model_form_and_import_schema_rate_the_same_symptoms_with_the_same_labels():
    labels = dict(Symptom.choices)
    for name in SYMPTOM_FIELDS:
        assert SymptomLog._meta.get_field(name).verbose_name == labels[name]
        assert SymptomRatingsForm.base_fields[name].label == labels[name]
        assert name in SymptomLogData.model_fields
    assert [f.name for f in SymptomRatingsForm().rating_fields()] == list(SYMPTOM_FIELDS)


def test_series_labels_are_the_burden_then_each_symptom():
    assert list(SERIES_LABELS) == [BURDEN, *SYMPTOM_FIELDS]


def test_every_main_concern_is_a_library_target_with_the_same_label_and_a_measure():
    targets = dict(TARGETS)
    for concern in MainSymptom:
        assert targets[concern.value] == concern.label
        assert set(concern.rated) <= set(SYMPTOM_FIELDS)
    assert set(MEASURED_BY) == set(MainSymptom.values)


@pytest.mark.parametrize(
    ("main", "recent", "expected"),
    [
        (["numbness", "tingling"], [], ("numbness", "tingling")),
        (["pain"], [], ("aching", "burning", "sharp")),
        (["pain"], ["sharp"], ("sharp", "aching", "burning")),
        (
            ["numbness", "pain", "balance"],
            ["burning"],
            ("numbness", "burning", "balance_confidence"),
        ),
        (["numbness", "tingling", "pain", "balance"], [], ("numbness", "tingling", "aching")),
        (["weakness"], ["tingling", "aching"], ("tingling", "aching")),
        ([], [], ("numbness",)),
        (["nonsense"], [], ("numbness",)),
    ],
)
def test_check_in_shows_one_to_three_scales_from_the_profile(main, recent, expected):
    assert check_in_symptoms(main, recent) == expected
