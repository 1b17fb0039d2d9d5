"""Forms of the session pages. They check shape; the services check meaning and their
DomainError lands on the form's field."""

from django import forms

from coding.microprocess.measures import INSTRUMENTS, SRS, WAI_SR
from coding.microprocess.models import RaterRole

DEFAULTS = {"step": 1.0, "segment": 30.0, "lag": 0.0}


class AnalysisForm(forms.Form):
    """Grid step, segment length and lag; a value left out keeps its default."""

    step = forms.FloatField(required=False, min_value=0.01, max_value=60, label="Grid step (s)")
    segment = forms.FloatField(required=False, min_value=0.01, max_value=3600, label="Segment (s)")
    lag = forms.FloatField(required=False, min_value=-600, max_value=600, label="Lag (s)")

    def clean(self) -> dict:
        data = super().clean()
        return {k: DEFAULTS[k] if data.get(k) is None else data[k] for k in DEFAULTS}


class SessionForm(forms.Form):
    number = forms.IntegerField(min_value=1, max_value=32767, required=False)
    date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    therapist = forms.CharField(max_length=40, required=False, help_text="A code, e.g. T03.")


class RatingsForm(forms.Form):
    rater_role = forms.ChoiceField(choices=RaterRole.choices)
    file = forms.FileField(help_text="CSV seconds,value (0-100), or a CARMA/DARMA export.")


class RecordingForm(forms.Form):
    file = forms.FileField(help_text="Audio or video: WAV, MP3, Ogg, FLAC, WebM or MP4/M4A.")


class MeasuresImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV rows: session number, instrument (WAI-SR or SRS), rater role, items."
    )


def measure_form_class(instrument: str) -> type[forms.Form]:
    """A form with one field per item: whole numbers 1-5 (WAI-SR) or 0-10 by tenths (SRS)."""
    spec = INSTRUMENTS[instrument]
    fields: dict[str, forms.Field] = {
        "rater_role": forms.ChoiceField(choices=RaterRole.choices),
    }
    for number in range(1, spec.items + 1):
        if spec.whole:
            field: forms.Field = forms.IntegerField(min_value=spec.low, max_value=spec.high)
        else:
            field = forms.DecimalField(
                min_value=spec.low, max_value=spec.high, decimal_places=1, max_digits=3
            )
        field.label = f"Item {number}"
        fields[f"item_{number}"] = field
    return type(f"{spec.label}Form", (forms.Form,), fields)


MEASURE_FORMS = {WAI_SR: measure_form_class(WAI_SR), SRS: measure_form_class(SRS)}


class GuessForm(forms.Form):
    """One top/bottom choice per segment shown to the therapist."""

    def __init__(self, *args, segments: list[dict], labels: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, segment in enumerate(segments):
            self.fields[f"label_{i}"] = forms.ChoiceField(
                choices=[("top", "Top"), ("bottom", "Bottom")],
                widget=forms.RadioSelect,
                label=f"{segment['label']}",
                initial=labels[i] if labels else None,
            )

    def labels(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]
