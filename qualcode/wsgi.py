import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualcode.settings")
application = get_wsgi_application()

from qualcode.serving import require_secret_key  # noqa: E402  (needs the settings loaded)

require_secret_key()
# Move the start-up heap out of the collector's sight so full collections stay short
# (DESIGN.md: peers' p95 is Python's full GC, not the query).
gc.freeze()
