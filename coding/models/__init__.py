"""What the team makes of the transcripts, one module per capability: the codebook, spans
(codings, moments, memos), reconciliation decisions and suggestions."""

from coding.microprocess.models import RaterRole, RatingSeries, Session, SessionMeasure
from coding.models.analysis import AnalysisSettings
from coding.models.codebook import Cluster, Code, CodebookEvent
from coding.models.exchange import ExchangeJob
from coding.models.reconcile import ReconciliationDecision
from coding.models.spans import Coding, Memo, SignificantMoment, SpanQuerySet, Valence
from coding.models.suggestions import (
    Recommender,
    Suggestion,
    SuggestionDecision,
    SuggestionJob,
    SuggestionModel,
    SuggestionSettings,
)

__all__ = [
    "AnalysisSettings",
    "Cluster",
    "Code",
    "CodebookEvent",
    "Coding",
    "ExchangeJob",
    "Memo",
    "RaterRole",
    "RatingSeries",
    "Recommender",
    "ReconciliationDecision",
    "Session",
    "SessionMeasure",
    "SignificantMoment",
    "SpanQuerySet",
    "Suggestion",
    "SuggestionDecision",
    "SuggestionJob",
    "SuggestionModel",
    "SuggestionSettings",
    "Valence",
]
