"""What the team makes of the transcripts, one module per capability: the codebook, spans
(codings, moments, memos), reconciliation decisions, suggestions, principles, codebook proposals and the auditor's comments."""

from coding.microprocess.models import RaterRole, RatingSeries, Session, SessionMeasure
from coding.models.analysis import AnalysisSettings
from coding.models.audit import AuditComment, Auditor, AuditTarget
from coding.models.codebook import Cluster, Code, CodebookEvent
from coding.models.exchange import ExchangeJob
from coding.models.principles import CoreCategory, Principle, Pseudonym
from coding.models.proposals import (
    CodebookProposal,
    ProposalComment,
    ProposalKind,
    ProposalStatus,
    Stance,
)
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
    "AuditComment",
    "AuditTarget",
    "Auditor",
    "AnalysisSettings",
    "Cluster",
    "Code",
    "CodebookEvent",
    "CodebookProposal",
    "CoreCategory",
    "Coding",
    "ExchangeJob",
    "Memo",
    "RaterRole",
    "RatingSeries",
    "MemoKind",
    "Principle",
    "ProposalComment",
    "ProposalKind",
    "ProposalStatus",
    "Pseudonym",
    "Recommender",
    "ReconciliationDecision",
    "Session",
    "SessionMeasure",
    "SignificantMoment",
    "SpanQuerySet",
    "Stance",
    "Suggestion",
    "SuggestionDecision",
    "SuggestionJob",
    "SuggestionModel",
    "SuggestionSettings",
    "Valence",
]
