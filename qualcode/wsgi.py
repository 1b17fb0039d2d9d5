import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualcode.settings")
application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402

from qualcode.serving import require_secret_key  # noqa: E402  (needs the settings loaded)

require_secret_key()
# Load the URL configuration (views, DRF, the schema machinery) before freezing: Django
# imports it on the first request, and what is imported after the freeze stays in the
# collector's sight, so every ~13th page paid a full collection over it.
get_resolver().url_patterns  # noqa: B018
# Move the start-up heap out of the collector's sight so full collections stay short
# (DESIGN.md: peers' p95 is Python's full GC, not the query).
gc.freeze()
