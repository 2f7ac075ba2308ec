"""Production settings that write each email to a file in NEUROAPP_MAIL_DIR instead of
sending it: for counting what ``send_reminders`` sent across processes. Never for serving."""

import os

from neuroapp.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["NEUROAPP_MAIL_DIR"]},
    }
}
