"""The demo study's session: P03's interview (a WebVTT file, so its turns are timed) rated on
the dial by client and therapist (fixtures/demo/sessions/, client as a CARMA export), with
WAI-SR from both, SRS from the client and the therapist's guess of the client's segments
(4 of 6 right, as in the reference session). Loading again changes nothing."""

import datetime
from pathlib import Path

from django.db import transaction

from coding.microprocess import report, selectors, services
from coding.microprocess.analysis import BOTTOM, TOP
from coding.microprocess.models import Session
from transcripts.models import Membership, Study

WAI_SR = {
    "client": [4, 4, 5, 3, 5, 4, 4, 3, 5, 4, 3, 4],
    "therapist": [4, 3, 4, 4, 4, 3, 4, 3, 4, 4, 3, 4],
}
SRS_CLIENT = [8.7, 8.1, 7.9, 8.8]


@transaction.atomic
def load_session(*, study: Study, owner, folder: Path) -> bool:
    """Make P03's transcript the demo session; False when it is complete already."""
    transcript = study.transcripts.get(participant__code="P03")
    session = Session.objects.filter(transcript=transcript).first()
    if session is not None and session.series.count() == 2:
        return False
    member = Membership.objects.select_related("study", "user").get(study=study, user=owner)
    services.save_session(
        member=member,
        transcript_id=transcript.pk,
        number=1,
        date=datetime.date(2026, 3, 12),
        therapist="T02",
    )
    for role in ("client", "therapist"):
        path = folder / f"P03_{role}.csv"
        services.import_ratings(
            member=member,
            transcript_id=transcript.pk,
            rater_role=role,
            data=path.read_bytes(),
            source_name=path.name,
        )
    for role, items in WAI_SR.items():
        services.save_measure(
            member=member,
            transcript_id=transcript.pk,
            instrument="wai_sr",
            rater_role=role,
            items=items,
        )
    services.save_measure(
        member=member,
        transcript_id=transcript.pk,
        instrument="srs",
        rater_role="client",
        items=SRS_CLIENT,
    )
    _guess(member, transcript.pk)
    return True


def _guess(member: Membership, transcript_id: int) -> None:
    """The therapist mistakes one top and one bottom segment for each other: 4 of 6."""
    data = selectors.session_data(member.study, transcript_id)
    found = report.session_report(data, member, step=1.0, segment=30.0, lag=0.0)
    segments = found["guess"]["segments"]
    tops = {s["start"] for s in found["top"]["client"]}
    truth = [TOP if s["start"] in tops else BOTTOM for s in segments]
    labels = list(truth)
    first_top, first_bottom = labels.index(TOP), labels.index(BOTTOM)
    labels[first_top], labels[first_bottom] = BOTTOM, TOP
    services.save_guess(
        member=member,
        transcript_id=transcript_id,
        step=1.0,
        segment=30.0,
        starts=[s["start"] for s in segments],
        labels=labels,
    )
