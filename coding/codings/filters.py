"""Query filters of the coding lists (codings, segments, moments, memos), as django-filter
FilterSets: each parameter is parsed and refused with its name when malformed (a DRF
ValidationError, so a 400 in our error shape) and documented in the schema from here.

The coding filters are applied by retrieval.filter_codings, which the pages share; a FilterSet
only parses them. The valence filter looks at the moments this member may see, so the backend
hands the member (set by the door, StudyScopedMixin) to the FilterSet."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from coding.codings import retrieval
from coding.memos import selectors as memo_selectors
from coding.models import MemoKind, Valence
from transcripts.models import SpeakerRole

NOT_AN_ID = "must be a whole number (an id)."
NO_SUCH_ID = "is beyond any id."
ID_RANGE = range(-(2**63), 2**63)  # what the database's id columns hold


def one_of(choices) -> str:
    return f"must be one of {', '.join(choices)}."


class WholeNumberField(forms.Field):
    """An id as Python's int() reads it (no "1.0", unlike forms.IntegerField), within what the
    database can compare (SQLite cannot even be asked about a larger number)."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(NOT_AN_ID, code="invalid") from None
        if number not in ID_RANGE:
            raise ValidationError(NO_SUCH_ID, code="max_value")
        return number


@extend_schema_field(
    {"type": "integer", "format": "int64", "minimum": ID_RANGE[0], "maximum": ID_RANGE[-1]}
)
class IdFilter(django_filters.Filter):
    field_class = WholeNumberField


def choice_filter(choices: list[str], **kwargs: Any) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        choices=[(c, c) for c in choices],
        error_messages={"invalid_choice": one_of(choices)},
        **kwargs,
    )


def text_filter(**kwargs: Any) -> django_filters.CharFilter:
    # strip=False: the value is compared as sent, as before django-filter parsed it.
    return django_filters.CharFilter(strip=False, **kwargs)


class MemberFilterSet(django_filters.FilterSet):
    """A FilterSet that knows the requesting member (None when built without one)."""

    def __init__(self, *args: Any, member=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.member = member


class StudyFilterBackend(DjangoFilterBackend):
    """django-filter's backend, handing the view's member (set by the door) to the FilterSet."""

    def get_filterset_kwargs(self, request, queryset, view) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(request, queryset, view), "member": view.member}


def filter_list(view, queryset: QuerySet) -> QuerySet:
    """The queryset filtered by the view's FilterSet; malformed values raise a ValidationError
    naming the parameter (400)."""
    for backend in view.filter_backends:
        queryset = backend().filter_queryset(view.request, queryset, view)
    return queryset


class CodingFilter(MemberFilterSet):
    """Retrieval filters of codings and segments."""

    transcript = IdFilter()
    code = IdFilter()
    cluster = IdFilter()
    coder = text_filter(help_text="username")
    participant = text_filter(help_text="code such as P07")
    valence = choice_filter(
        Valence.values, help_text="codings overlapping a significant moment of this valence"
    )
    speaker_role = choice_filter(
        SpeakerRole.values, help_text="codings overlapping a turn of a speaker in this role"
    )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        values = {name: value or None for name, value in self.form.cleaned_data.items()}
        for name in ("transcript", "code", "cluster"):
            values[name] = self.form.cleaned_data[name]  # 0 is an id, not "absent"
        return retrieval.filter_codings(queryset, self.member, **values)


class MomentFilter(MemberFilterSet):
    transcript = IdFilter(field_name="transcript_id")
    valence = choice_filter(Valence.values)


class MemoFilter(MemberFilterSet):
    transcript = IdFilter()
    code = IdFilter()
    coding = IdFilter()
    kind = choice_filter(MemoKind.values)
    target = choice_filter(
        list(memo_selectors.TARGETS), help_text="what the memo is on (study = the study itself)"
    )
    author = text_filter(help_text="username")
    q = text_filter(help_text="text the memo contains (any case)")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        return memo_selectors.filter_memos(
            queryset,
            kind=data["kind"] or None,
            target=data["target"] or None,
            author=data["author"] or None,
            search=data["q"] or None,
            transcript=data["transcript"],
            code=data["code"],
            coding=data["coding"],
        )
