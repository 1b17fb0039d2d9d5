"""Query filters of the reconciliation lists (django-filter; see coding/codings/filters.py)."""

from coding.codings.filters import IdFilter, MemberFilterSet


class DecisionFilter(MemberFilterSet):
    transcript = IdFilter(field_name="transcript_id")
