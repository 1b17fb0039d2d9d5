"""Starting a study: the study, its owner, and (when asked) the six-cluster starter codebook,
in one transaction. The page and the API both create studies through here."""

from django.db import transaction

from coding.codebook.starter import load_starter_codebook
from transcripts import studies
from transcripts.models import Study


@transaction.atomic
def start_study(
    *,
    user,
    title: str,
    description: str = "",
    blind_coding: bool = True,
    starter_codebook: bool = True,
) -> Study:
    """A new study owned by `user`, with the starter codebook unless `starter_codebook` is off."""
    study = studies.create_study(
        user=user, title=title, description=description, blind_coding=blind_coding
    )
    if starter_codebook:
        load_starter_codebook(study=study, actor=user)
    return study
