"""Pages of pseudonymisation, for owners only (coders and viewers 403, outsiders 404): the
study's known names and pseudonym map, and the review of an upload's flagged names, which the
owner confirms to start the import with the chosen pseudonyms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from transcripts import imports
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.forms import ImportForm
from transcripts.models import Role
from transcripts.pseudonyms import services
from transcripts.pseudonyms.forms import KnownNameForm, chosen_replacements
from transcripts.pseudonyms.models import NameReviewFile

EXTRA_ROWS = 3  # blank rows in a review for names the flags missed
# The pages list a review's files by name: their bytes (up to the file limit each) stay put.
_NAMES_ONLY = Prefetch("files", NameReviewFile.objects.defer("data"))


def _owner(request: HttpRequest, study_pk: int):
    return get_study_for_user(request.user, study_pk, min_role=Role.OWNER)


def _page(request, study, *, import_form=None, name_form=None, status: int = 200) -> HttpResponse:
    context = {
        "study": study,
        "known_names": study.known_names.all(),
        "replacements": services.pseudonym_map(study),
        "reviews": study.name_reviews.select_related("created_by").prefetch_related(_NAMES_ONLY),
        "import_form": import_form or ImportForm(),
        "name_form": name_form or KnownNameForm(),
    }
    return render(request, "transcripts/pseudonyms.html", context, status=status)


@login_required
def pseudonyms(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = _owner(request, study_pk)
    return _page(request, study)


@login_required
@require_POST
def add_known_name(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = _owner(request, study_pk)
    form = KnownNameForm(request.POST)
    if form.is_valid():
        try:
            known = services.add_known_name(study=study, **form.cleaned_data)
            messages.success(request, f"“{known.name}” is a known name of this study.")
            return redirect("pseudonyms", study_pk=study.pk)
        except DomainError as error:
            form.add_error(error.field or None, error.reason)
    return _page(request, study, name_form=form, status=400)


@login_required
@require_POST
def remove_known_name(request: HttpRequest, study_pk: int, name_pk: int) -> HttpResponse:
    study, member = _owner(request, study_pk)
    known = get_object_or_404(study.known_names, pk=name_pk)
    known.delete()
    messages.success(request, f"“{known.name}” removed from the known names.")
    return redirect("pseudonyms", study_pk=study.pk)


@login_required
@require_POST
def start_review(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = _owner(request, study_pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            review = services.start_review(
                study=study,
                user=request.user,
                files=[(f.name, imports.read_upload(f)) for f in form.cleaned_data["files"]],
                participant_code=form.cleaned_data["participant"],
                language=form.cleaned_data["language"],
            )
            return redirect("pseudonym-review", study_pk=study.pk, review_pk=review.pk)
        except DomainError as error:
            form.add_error(error.field or None, error.reason)
    return _page(request, study, import_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, study_pk: int, review_pk: int) -> HttpResponse:
    study, member = _owner(request, study_pk)
    pending = get_object_or_404(study.name_reviews.prefetch_related(_NAMES_ONLY), pk=review_pk)
    problem = ""
    if request.method == "POST":
        chosen = chosen_replacements(request.POST, pending.flags, EXTRA_ROWS)
        if isinstance(chosen, str):
            problem = chosen
        else:
            try:
                job = services.confirm_review(
                    review=pending, user=request.user, replacements=chosen
                )
                return redirect("import-job", study_pk=study.pk, job_pk=job.pk)
            except DomainError as error:
                problem = error.reason
    context = {
        "study": study,
        "review": pending,
        "rows": _rows(request, pending.flags),
        "extra": [
            (
                i,
                request.POST.get(f"extra-name-{i}", ""),
                request.POST.get(f"extra-pseudonym-{i}", ""),
            )
            for i in range(EXTRA_ROWS)
        ],
        "problem": problem,
    }
    return render(
        request, "transcripts/pseudonym_review.html", context, status=400 if problem else 200
    )


def _rows(request: HttpRequest, flags: list[dict]) -> list[dict]:
    """The flags with what the form shows: the owner's last answer, else the suggestion."""
    posted = request.method == "POST"
    return [
        {
            **flag,
            "index": i,
            "checked": bool(request.POST.get(f"replace-{i}")) if posted else flag["replace"],
            "value": request.POST.get(f"pseudonym-{i}", "") if posted else flag["suggestion"],
        }
        for i, flag in enumerate(flags)
    ]


@login_required
@require_POST
def cancel_review(request: HttpRequest, study_pk: int, review_pk: int) -> HttpResponse:
    study, member = _owner(request, study_pk)
    get_object_or_404(study.name_reviews, pk=review_pk).delete()
    messages.success(request, "Review cancelled: its files were deleted, nothing was imported.")
    return redirect("pseudonyms", study_pk=study.pk)
