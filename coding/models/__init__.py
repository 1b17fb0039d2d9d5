"""What the team makes of the transcripts, one module per capability: the codebook, spans
(codings, moments, memos), reconciliation decisions, suggestions and principles."""

from coding.models.analysis import AnalysisSettings
from coding.models.codebook import Cluster, Code, CodebookEvent
from coding.models.principles import CoreCategory, Principle, Pseudonym
from coding.models.reconcile import ReconciliationDecision
from coding.models.spans import Coding, Memo, MemoKind, SignificantMoment, SpanQuerySet, Valence
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
    "CoreCategory",
    "Coding",
    "Memo",
    "MemoKind",
    "Principle",
    "Pseudonym",
    "Recommender",
    "ReconciliationDecision",
    "SignificantMoment",
    "SpanQuerySet",
    "Suggestion",
    "SuggestionDecision",
    "SuggestionJob",
    "SuggestionModel",
    "SuggestionSettings",
    "Valence",
]
