import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualcode.settings")
application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402

from qualcode.serving import require_secret_key  # noqa: E402  (needs the settings loaded)

require_secret_key()

from django.conf import settings  # noqa: E402

from transcripts import nlp_child  # noqa: E402

# A production web worker keeps spaCy out of its memory: imports and checks that need it run
# in a forked child (transcripts/nlp_child.py). runserver (DEBUG, threads) stays in process.
if not settings.DEBUG:
    nlp_child.enable()
# Load the URL configuration (views, DRF, the schema machinery) before freezing: Django
# imports it on the first request, and what is imported after the freeze stays in the
# collector's sight, so every ~13th page paid a full collection over it.
get_resolver().url_patterns  # noqa: B018
# Move the start-up heap out of the collector's sight so full collections stay short
# (DESIGN.md: peers' p95 is Python's full GC, not the query).
gc.freeze()
