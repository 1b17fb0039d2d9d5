"""Static files for production: content-hashed names, gzip copies, and the ES module imports
of our own scripts rewritten to the hashed names, so the workbench's modules load from
long-cached files."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Our own ES modules, by static path (fnmatch: "*" crosses "/"). Third-party scripts keep
# their imports as shipped: django-htmx's extensions import a bare "htmx" resolved elsewhere.
OWN_MODULES = ("coding/*.js", "transcripts/*.js", "qualcode/*.js")
_IMPORTS = ManifestStaticFilesStorage._js_module_import_aggregation_patterns[1]


class HashedModuleStorage(CompressedManifestStaticFilesStorage):
    """Rewrites `import ... from "./x.js"` in our modules (Django leaves ES module imports
    alone by default). A module's hash covers the hashed names of what it imports, so a chain
    of imports needs a pass per level: main.js sits seven modules above offsets.js."""

    patterns = (
        *CompressedManifestStaticFilesStorage.patterns,
        *((glob, _IMPORTS) for glob in OWN_MODULES),
    )
    max_post_process_passes = 12

    def stored_name(self, name: str) -> str:
        # Before collectstatic has run there is no manifest: pages still render, naming the
        # files as they are (whitenoise then serves them from the source folders through the
        # finders), instead of failing every page on the first {% static %}.
        if not self.hashed_files:
            return name
        return super().stored_name(name)
