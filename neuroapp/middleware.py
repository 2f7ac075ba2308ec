from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivatePagesMiddleware:
    """Pages for a signed-in person carry personal data: never store them.

    Every response also varies on HX-Request, since one URL serves either a
    full page or an htmx partial.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Compress pages and JSON (about a quarter of the bytes on the wire), not files that
    are compressed already (the zip and .json.gz downloads, images).

    BREACH (guessing a secret from compressed sizes) is mitigated as Django does: the CSRF
    token is masked afresh in every response, and GZipMiddleware adds up to 100 random
    bytes to each gzip header (Heal The Breach), so sizes do not leak a page's secrets.
    """

    COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)
