"""Upload forms of the exchange pages."""

from django import forms


class ProjectForm(forms.Form):
    file = forms.FileField(label="REFI-QDA project (.qdpx)", allow_empty_file=True)


class CodebookForm(forms.Form):
    file = forms.FileField(label="REFI-QDA codebook (.qdc)", allow_empty_file=True)
