from django.urls import path

from coding.analysis import api, views

page = "studies/<int:study_pk>/analysis/"
urlpatterns = [
    path(page, views.analysis_page, name="analysis"),
    path(page + "thresholds/", views.save_thresholds, name="analysis-thresholds"),
    path(page + "segments/", views.cell_segments, name="analysis-segments"),
    path(page + "<str:table>.<str:fmt>", views.download, name="analysis-download"),
]

analysis = "studies/<int:study_pk>/analysis/"
api_urlpatterns = [
    path(analysis + "frequencies/", api.Frequencies.as_view(), name="api-analysis-frequencies"),
    path(analysis + "cooccurrence/", api.Cooccurrence.as_view(), name="api-analysis-cooccurrence"),
    path(analysis + "helpful/", api.Helpful.as_view(), name="api-analysis-helpful"),
    path(analysis + "saturation/", api.Saturation.as_view(), name="api-analysis-saturation"),
    path(analysis + "attributes/", api.Attributes.as_view(), name="api-analysis-attributes"),
    path(analysis + "matrix/", api.Matrix.as_view(), name="api-analysis-matrix"),
    path(analysis + "segments/", api.CellSegments.as_view(), name="api-analysis-segments"),
    path(analysis + "settings/", api.AnalysisSettingsView.as_view(), name="api-analysis-settings"),
]
