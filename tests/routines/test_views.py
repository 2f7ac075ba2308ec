import pytest
from django.conf import settings
from django.urls import reverse


def test_library_is_public_and_lists_all(client, library):
    response = client.get(reverse("routines:exercise_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 16


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("category=stretch", "Wall calf stretch", "Ankle circles"),
        ("target=numbness", "Warm and cool contrast foot bath", "Seated hamstring stretch"),
        ("position=standing", "Calf raises behind a chair", "Seated calf raises"),
        ("position=seated&category=sensory", "Finger-to-toe", "Textured surface walking"),
    ],
)
def test_filters_narrow_the_list(client, library, query, expected, absent):
    html = client.get(reverse("routines:exercise_list") + "?" + query).content.decode()
    assert expected in html
    assert absent not in html


def test_htmx_request_gets_only_the_results_partial(client, library):
    response = client.get(
        reverse("routines:exercise_list") + "?category=strength", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(client, library):
    response = client.get(
        reverse("routines:exercise_list"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_unknown_filter_value_is_a_400_with_a_message(client, library):
    response = client.get(reverse("routines:exercise_list") + "?category=dancing&target=zzz")
    assert response.status_code == 400
    html = response.content.decode()
    assert "That filter is not one we know" in html
    assert html.count('class="card"') == 16


def test_detail_page_shows_steps_safety_and_seated_alternative(client, library):
    response = client.get(reverse("routines:exercise_detail", args=["calf-raises-chair"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stand behind a sturdy chair" in html
    assert reverse("routines:exercise_detail", args=["seated-calf-raises"]) in html


def test_unknown_exercise_is_404(client, library):
    response = client.get(reverse("routines:exercise_detail", args=["moonwalk"]))
    assert response.status_code == 404


def test_every_file_the_service_worker_keeps_exists(client, library):
    """One missing file fails the service worker's whole install (cache.addAll)."""
    from django.contrib.staticfiles import finders

    listed = client.get(reverse("routines:offline_urls")).json()["assets"]
    assert listed
    for url in listed:
        name = url.removeprefix(settings.STATIC_URL)
        assert finders.find(name), url
