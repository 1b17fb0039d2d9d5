"""The demo study opens complete: a core category and six principles written by hand, each
with its quotes, evidence and moments, and a summary a newcomer can download."""

from io import StringIO

from django.core.management import call_command

from coding.models import CoreCategory, Principle
from coding.principles.summary import build_summary
from transcripts.models import Membership, Study


def test_demo_has_a_core_category_and_principles(db):
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "0 principles" in out.getvalue()  # loading twice adds nothing
    study = Study.objects.get(title="What clients find helpful")
    assert CoreCategory.objects.get(study=study).statement.startswith("Clients become reflective")
    principles = list(Principle.objects.filter(study=study).order_by("order"))
    assert [p.cluster.name for p in principles] == [
        "Commitment to therapy",
        "Therapy environment",
        "Therapeutic relationship",
        "Therapist characteristics",
        "Out-of-session processing",
        "Therapeutic intervention",
    ]
    assert [p.quotes.count() for p in principles] == [2, 3, 2, 2, 2, 2]
    assert all(p.evidence.count() >= 10 and p.implication for p in principles)
    viewer = Membership.objects.select_related("study", "user").get(
        study=study, user__username="val"
    )
    summary = build_summary(study=study, member=viewer, source="all")
    assert len(summary.clusters) == 6 and summary.method.coders == ("casey", "devon")
    first = summary.clusters[0]
    assert (first.name, first.participants, first.of, first.label) == (
        "Commitment to therapy",
        8,
        8,
        "general",
    )
    assert [q.participant for q in first.quotes] == ["P01", "P03"]
