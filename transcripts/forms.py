"""Forms of the study pages. They validate input; the views call services with the result."""

import math

from django import forms

from transcripts.models import Role
from transcripts.parsers import ROLES


class StudyForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )
    blind_coding = forms.BooleanField(required=False, initial=True, label="Blind coding phase")
    starter_codebook = forms.BooleanField(
        required=False, initial=True, label="Start from the six-cluster starter codebook"
    )


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.CODER)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.md,.docx,.vtt,.srt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)) and not data and self.required:
            raise forms.ValidationError("Choose at least one file.", code="required")
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    # Empty files pass the form: the batch policy reports each file in its own row, so one
    # empty file must not refuse the whole batch.
    files = MultipleFileField(
        allow_empty_file=True,
        help_text="Plain text or Markdown, .docx, WebVTT or SRT; several at once.",
    )
    participant = forms.CharField(
        max_length=20, required=False, help_text="Optional code such as P07 for all these files."
    )
    language = forms.CharField(max_length=20, initial="en")


class SpeakerRoleForm(forms.Form):
    label = forms.CharField(max_length=100)
    role = forms.ChoiceField(choices=[(r, r.title()) for r in ROLES])


class ParticipantAttributesForm(forms.Form):
    attributes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=50_000,
        help_text="One 'name: value' per line, e.g. months_since_therapy: 5",
    )

    def clean_attributes(self) -> dict:
        result: dict = {}
        for number, line in enumerate(self.cleaned_data["attributes"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.partition(":")
            if not sep or not name.strip():
                raise forms.ValidationError(f"Line {number}: write it as 'name: value'.")
            value = value.strip()
            if len(name.strip()) > 100 or len(value) > 2000:
                raise forms.ValidationError(
                    f"Line {number}: names have at most 100 characters, values 2,000."
                )
            try:
                whole = int(value)
                result[name.strip()] = whole if abs(whole) < 2**53 else value
            except ValueError:
                try:
                    number_value = float(value)
                    # "inf", "nan" and 1e400 stay text: JSON has no such numbers.
                    result[name.strip()] = number_value if math.isfinite(number_value) else value
                except ValueError:
                    result[name.strip()] = value
        return result
