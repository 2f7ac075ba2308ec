import gzip

from django.urls import reverse


def test_pages_are_compressed_with_a_random_length_header(client_logged_in, library):
    url = reverse("routines:exercise_list")
    first = client_logged_in.get(url, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    html = gzip.decompress(first.content)
    assert b"Exercise library" in html
    assert len(first.content) < len(html) / 3
    sizes = {
        len(client_logged_in.get(url, headers={"accept-encoding": "gzip"}).content)
        for _ in range(8)
    }
    assert len(sizes) > 1  # BREACH: the compressed size varies from response to response


def test_files_that_are_compressed_already_are_sent_as_they_are(client_logged_in, library):
    response = client_logged_in.get(
        reverse("portability:export_csv"), headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Type"] == "application/zip"
    assert not response.has_header("Content-Encoding")


def test_without_accept_encoding_nothing_is_compressed(client_logged_in, library):
    response = client_logged_in.get(reverse("routines:exercise_list"))
    assert not response.has_header("Content-Encoding")


def test_public_pages_have_a_meta_description(client):
    for url in ("/", reverse("login"), reverse("accounts:signup")):
        html = client.get(url).content.decode()
        assert '<meta name="description" content="' in html
    assert (
        "Create a free neuroapp account" in client.get(reverse("accounts:signup")).content.decode()
    )
