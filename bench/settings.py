"""Production settings plus a bare view to compare against (benchmarks only)."""

from neuroapp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
