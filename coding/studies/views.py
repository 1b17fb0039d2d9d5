"""The study list page. It lives in coding because creating a study may load the starter
codebook, and transcripts never imports from coding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coding.studies import services
from transcripts.forms import StudyForm
from transcripts.models import Study


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        study = services.start_study(user=request.user, **form.cleaned_data)
        messages.success(request, f"Study “{study.title}” created; you are its owner.")
        return redirect("study-detail", study_pk=study.pk)
    rows = Study.objects.for_study_list(request.user)
    return render(request, "transcripts/study_list.html", {"studies": rows, "form": form})
