"""Input forms of the codebook and constant-comparison pages. They only parse and check the
shape of what was posted; every id is looked up within the study by coding/codebook.py."""

import json

from django import forms

from transcripts import nlp

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


class IdListField(forms.Field):
    """Ids from checkboxes; the services look each one up within the study."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[int]:
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError("Choose codes from the list.") from None


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)
    # Reconciliation decisions that motivated the change (comma-separated ids), carried by a
    # hidden field when the change is made from the reconciliation page.
    motivated_by = forms.CharField(required=False, max_length=500)

    def clean_motivated_by(self) -> list[int]:
        raw = self.cleaned_data.get("motivated_by") or ""
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError("Decision ids must be numbers.") from None


class ClusterCreateForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(required=False, max_length=10_000)
    parent = forms.IntegerField(required=False, label="Core category")


class ClusterEditForm(ReasonForm, ClusterCreateForm):
    pass


class ClusterMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class CodeCreateForm(ReasonForm):
    name = forms.CharField(max_length=120)
    cluster = forms.IntegerField(required=False)
    definition = forms.CharField(required=False, max_length=10_000)
    colour = forms.RegexField(HEX_COLOUR, required=False)


class DefinitionForm(ReasonForm):
    definition = forms.CharField(required=False, max_length=10_000)
    inclusion = forms.CharField(required=False, max_length=10_000)
    exclusion = forms.CharField(required=False, max_length=10_000)
    example = forms.CharField(required=False, max_length=10_000)


class CodeEditForm(DefinitionForm):
    colour = forms.RegexField(HEX_COLOUR)
    keywords = forms.CharField(required=False)
    active = forms.BooleanField(required=False)

    patterns = forms.CharField(required=False)

    def clean_keywords(self) -> list[str]:
        return [word.strip() for word in self.cleaned_data["keywords"].split(",") if word.strip()]

    def clean_patterns(self) -> list[list[dict]]:
        """One spaCy token pattern per line, as JSON: [{"LOWER": "safe"}, {"LOWER": "space"}]."""
        patterns = []
        lines = self.cleaned_data["patterns"].splitlines()
        for number, line in enumerate((x for x in lines if x.strip()), start=1):
            try:
                pattern = json.loads(line)
            except json.JSONDecodeError:
                raise forms.ValidationError(f"line {number} is not JSON.") from None
            if problem := nlp.pattern_problem(pattern):
                raise forms.ValidationError(f"line {number}: {problem}")
            patterns.append(pattern)
        return patterns


class RenameForm(ReasonForm):
    name = forms.CharField(max_length=120)


class CodeMoveForm(ReasonForm):
    cluster = forms.IntegerField(required=False)


class MergeForm(ReasonForm):
    sources = IdListField(label="Codes to merge")
    target = forms.IntegerField(label="Into")


class CodeDeleteForm(ReasonForm):
    code = forms.IntegerField()
    merge_into = forms.IntegerField(required=False)
    delete_codings = forms.BooleanField(required=False)


def form_problem(form: forms.Form) -> str:
    """The first problem of an invalid form, as one sentence for a message."""
    field, errors = next(iter(form.errors.items()))
    if field == "__all__":
        return errors[0]
    return f"{form.fields[field].label or field.replace('_', ' ').capitalize()}: {errors[0]}"
