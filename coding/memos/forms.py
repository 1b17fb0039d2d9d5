"""Forms of the memo page: they parse; the memo services look every id up within the study."""

from django import forms

from coding.memos.selectors import TARGETS
from coding.models import MemoKind


class MemoFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "any kind"), *MemoKind.choices])
    target = forms.ChoiceField(
        required=False, choices=[("", "anything"), *[(t, t) for t in TARGETS]]
    )
    author = forms.CharField(required=False, max_length=150)
    q = forms.CharField(required=False, max_length=200)

    def filters(self) -> dict:
        """The valid filters as selector arguments (an invalid form filters nothing)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "kind": data["kind"] or None,
            "target": data["target"] or None,
            "author": data["author"] or None,
            "search": data["q"] or None,
        }


class MemoWriteForm(forms.Form):
    kind = forms.ChoiceField(choices=MemoKind.choices)
    text = forms.CharField(max_length=50000)
    # "study", "transcript:ID" or "code:ID": one select names the target.
    on = forms.CharField(required=False, max_length=40)

    def target(self) -> dict:
        on = self.cleaned_data.get("on") or "study"
        if on == "study":
            return {}
        kind, _, pk = on.partition(":")
        if kind not in ("transcript", "code") or not pk.isdigit():
            raise forms.ValidationError("Choose what the memo is on from the list.")
        return {f"{kind}_id": int(pk)}


class MemoEditForm(forms.Form):
    kind = forms.ChoiceField(choices=MemoKind.choices)
    text = forms.CharField(max_length=50000)
