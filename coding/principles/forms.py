"""Forms of the principles page: they parse what was posted; every id is looked up within
the study (and the member's view of it) by the services."""

from django import forms


class IdListField(forms.Field):
    """Ids from checkboxes."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[int]:
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError, OverflowError):
            raise forms.ValidationError("Choose segments from the list.") from None


class PrincipleForm(forms.Form):
    statement = forms.CharField(max_length=2000)
    cluster = forms.IntegerField(required=False, min_value=1)
    implication = forms.CharField(required=False, max_length=5000)
    order = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    evidence = IdListField(required=False)
    quotes = IdListField(required=False)
    moments = IdListField(required=False)


class CoreCategoryForm(forms.Form):
    statement = forms.CharField(required=False, max_length=2000)


def form_problem(form: forms.Form) -> str:
    field, errors = next(iter(form.errors.items()))
    name = "" if field == "__all__" else f"{field}: "
    return f"{name}{errors[0]}"
