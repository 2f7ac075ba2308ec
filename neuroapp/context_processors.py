"""Values every template may use."""

from django.conf import settings


def app(request):
    return {"service_worker_on": settings.NEUROAPP_SERVICE_WORKER}
