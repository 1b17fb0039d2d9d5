"""Routes of the coding app: each capability package brings its pages (`urlpatterns`) and its
API routes under /api/v1/ (`api_urlpatterns`); this module only chains them."""

from coding.agreement import urls as agreement
from coding.analysis import urls as analysis
from coding.auditors import urls as auditors
from coding.codebook import urls as codebook
from coding.codings import urls as codings
from coding.exchange import urls as exchange
from coding.memos import urls as memos
from coding.microprocess import urls as microprocess
from coding.principles import urls as principles
from coding.proposals import urls as proposals
from coding.reconcile import urls as reconcile
from coding.search import urls as search
from coding.studies import urls as studies
from coding.suggestions import urls as suggestions

PACKAGES = (
    studies,
    codebook,
    codings,
    agreement,
    reconcile,
    suggestions,
    microprocess,
    search,
    exchange,
    analysis,
    principles,
    memos,
    proposals,
    auditors,
)

urlpatterns = [route for package in PACKAGES for route in package.urlpatterns]
api_urlpatterns = [route for package in PACKAGES for route in package.api_urlpatterns]
