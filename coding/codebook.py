"""Codebook service functions. This part loads the six-cluster starter codebook of
fixtures/starter_codebook.json into a study; existing clusters and codes (same name,
case-insensitive) are kept, so loading twice changes nothing."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from transcripts.models import Study

from .models import Cluster, Code

STARTER_CODEBOOK = Path(settings.BASE_DIR) / "fixtures" / "starter_codebook.json"


@transaction.atomic
def load_starter_codebook(*, study: Study, path: Path = STARTER_CODEBOOK) -> int:
    """Add the starter clusters and codes to `study`; returns the number of codes created."""
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
    return len(new_codes)
