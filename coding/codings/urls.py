from django.urls import path

from coding.codings import api
from coding.codings.comparison import code_definition, compare
from coding.codings.moments import moments
from coding.codings.workbench import workbench

urlpatterns = [
    path("studies/<int:study_pk>/compare/", compare, name="compare"),
    path("studies/<int:study_pk>/moments/", moments, name="moments"),
    path(
        "studies/<int:study_pk>/compare/codes/<int:code_pk>/definition/",
        code_definition,
        name="code-definition",
    ),
]

urlpatterns += [
    path(
        "studies/<int:study_pk>/transcripts/<int:transcript_pk>/",
        workbench,
        name="transcript-detail",
    ),
]

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(study + "code-counts/", api.CodeCounts.as_view(), name="api-code-counts"),
    path(study + "codings/", api.CodingList.as_view(), name="api-coding-list"),
    path(
        study + "codings/<int:coding_pk>/",
        api.CodingDetail.as_view(),
        name="api-coding-detail",
    ),
    path(
        study + "codings/<int:coding_pk>/restore/",
        api.CodingRestore.as_view(),
        name="api-coding-restore",
    ),
    path(
        study + "codings/<int:coding_pk>/moments/",
        api.CodingMoments.as_view(),
        name="api-coding-moments",
    ),
    path(study + "moments/", api.MomentList.as_view(), name="api-moment-list"),
    path(
        study + "moments/<int:moment_pk>/",
        api.MomentDetail.as_view(),
        name="api-moment-detail",
    ),
    path(
        study + "moments/<int:moment_pk>/codings/",
        api.MomentCodings.as_view(),
        name="api-moment-codings",
    ),
    path(study + "memos/", api.MemoList.as_view(), name="api-memo-list"),
    path(study + "memos/<int:memo_pk>/", api.MemoDetail.as_view(), name="api-memo-detail"),
    path(study + "segments/", api.SegmentList.as_view(), name="api-segment-list"),
]
