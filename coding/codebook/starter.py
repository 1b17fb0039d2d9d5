"""The starter codebook: the six clusters of DOMAIN.md and their codes, loaded into a new
study from fixtures/starter_codebook.json."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from coding.codebook.services import (
    Action,
    record,
)
from coding.models import Cluster, Code
from transcripts.models import Study

STARTER_CODEBOOK = Path(settings.BASE_DIR) / "fixtures" / "starter_codebook.json"


@transaction.atomic
def load_starter_codebook(*, study: Study, actor=None, path: Path = STARTER_CODEBOOK) -> int:
    """Add the six-cluster starter codebook; existing names (any case) are kept, so loading
    twice changes nothing. Returns the number of codes created."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    clusters = {c.name.casefold(): c for c in Cluster.objects.filter(study=study)}
    existing_codes = {
        name.casefold() for name in Code.objects.filter(study=study).values_list("name", flat=True)
    }
    core = data.get("core_category")
    parent = None
    if core:
        parent = clusters.get(core["name"].casefold()) or Cluster.objects.create(
            study=study, name=core["name"], description=core["description"], order=0
        )
    new_codes = []
    for position, item in enumerate(data["clusters"], start=1):
        cluster = clusters.get(item["name"].casefold())
        if cluster is None:
            cluster = Cluster.objects.create(
                study=study,
                name=item["name"],
                description=item["description"],
                order=position,
                parent=parent,
            )
        for order, code in enumerate(item["codes"], start=1):
            if code["name"].casefold() in existing_codes:
                continue
            new_codes.append(
                Code(
                    study=study,
                    cluster=cluster,
                    name=code["name"],
                    definition=code.get("definition", ""),
                    inclusion=code.get("inclusion", ""),
                    exclusion=code.get("exclusion", ""),
                    colour=code.get("colour", "#4e79a7"),
                    keywords=code.get("keywords", []),
                    order=position * 100 + order,
                )
            )
    Code.objects.bulk_create(new_codes)
    if new_codes:
        record(
            study,
            actor,
            Action.LOAD_STARTER,
            f"Starter codebook loaded ({len(new_codes)} codes)",
            codes=len(new_codes),
        )
    return len(new_codes)
