"""Routes of the coding app: each capability package brings its pages (`urlpatterns`) and its
API routes under /api/v1/ (`api_urlpatterns`); this module only chains them."""

from coding.agreement import urls as agreement
from coding.analysis import urls as analysis
from coding.audit import urls as audit
from coding.codebook import urls as codebook
from coding.codings import urls as codings
from coding.memos import urls as memos
from coding.principles import urls as principles
from coding.proposals import urls as proposals
from coding.reconcile import urls as reconcile
from coding.studies import urls as studies
from coding.suggestions import urls as suggestions

PACKAGES = (
    studies,
    codebook,
    codings,
    agreement,
    reconcile,
    suggestions,
    analysis,
    principles,
    memos,
    proposals,
    audit,
)

urlpatterns = [route for package in PACKAGES for route in package.urlpatterns]
api_urlpatterns = [route for package in PACKAGES for route in package.api_urlpatterns]
