"""Production settings with a password hash that costs nothing to check: for load and fault
runs, where dozens of clients sign in before the measured part starts. Never for serving."""

from neuroapp.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
