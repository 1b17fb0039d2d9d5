"""Pages of the coding app. The study list lives here because creating a study may load the
starter codebook, and transcripts never imports from coding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from transcripts import studies
from transcripts.forms import StudyForm
from transcripts.models import Study

from .codebook import load_starter_codebook


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        starter = values.pop("starter_codebook")
        with transaction.atomic():
            study = studies.create_study(user=request.user, **values)
            if starter:
                load_starter_codebook(study=study, actor=request.user)
        messages.success(request, f"Study “{study.title}” created; you are its owner.")
        return redirect("study-detail", study_pk=study.pk)
    rows = Study.objects.for_study_list(request.user)
    return render(request, "transcripts/study_list.html", {"studies": rows, "form": form})
