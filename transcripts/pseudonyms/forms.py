"""Forms of the pseudonym pages: a known name, and the review's chosen replacements."""

from collections.abc import Mapping

from django import forms

from transcripts import parsers


class KnownNameForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="A person or place to flag in every upload.")
    pseudonym = forms.CharField(
        max_length=100, required=False, help_text="Optional: prefilled in every review."
    )


def chosen_replacements(
    posted: Mapping[str, str], flags: list[dict], extra_rows: int
) -> dict[str, str] | str:
    """Name -> pseudonym from a review form (ticked flags, then filled extra rows), or the
    sentence saying what to correct."""
    chosen: dict[str, str] = {}
    for i, flag in enumerate(flags):
        if posted.get(f"replace-{i}"):
            pseudonym = posted.get(f"pseudonym-{i}", "").strip()
            if not pseudonym:
                return f"Give a pseudonym for “{flag['token']}”, or untick it to keep it."
            chosen[flag["token"]] = pseudonym
    for i in range(extra_rows):
        name = posted.get(f"extra-name-{i}", "").strip()
        pseudonym = posted.get(f"extra-pseudonym-{i}", "").strip()
        if name or pseudonym:
            if not (name and pseudonym):
                return "An added name needs both the name and its pseudonym."
            chosen[name] = pseudonym
    return parsers.check_replacements(chosen)
