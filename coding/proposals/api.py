"""REST endpoints of codebook proposals: list and propose, read one, comment, and the owner's
accept and reject or the author's withdraw. Thin views: one service call per write."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.proposals import selectors
from coding.proposals import services as proposals
from coding.proposals.serializers import CommentIn, ProposalIn, ProposalOut
from transcripts.access import StudyScopedMixin
from transcripts.serializers import NOT_FOUND, REFUSED


def _present(member, proposal_id: int) -> dict:
    found = selectors.proposals_for(member, [proposal_id])
    if not found:
        raise Http404("No such proposal in this study.")
    return ProposalOut(selectors.proposal_dict(found[0])).data


class ProposalList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: ProposalOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        rows = [selectors.proposal_dict(p) for p in selectors.proposals_for(self.member)]
        return Response(ProposalOut(rows, many=True).data)

    @extend_schema(request=ProposalIn, responses={201: ProposalOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = ProposalIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        proposal = proposals.propose(
            member=self.member,
            kind=v["kind"],
            change=dict(v["change"]),
            reason=v["reason"],
            segments=v.get("segments", []),
        )
        return Response(_present(self.member, proposal.pk), status=status.HTTP_201_CREATED)


class ProposalDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: ProposalOut, **NOT_FOUND})
    def get(self, request, study_pk: int, proposal_pk: int):
        return Response(_present(self.member, proposal_pk))


class ProposalComments(StudyScopedMixin, APIView):
    @extend_schema(request=CommentIn, responses={201: ProposalOut, **REFUSED})
    def post(self, request, study_pk: int, proposal_pk: int):
        data = CommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        proposals.comment(member=self.member, proposal_id=proposal_pk, **data.validated_data)
        return Response(_present(self.member, proposal_pk), status=status.HTTP_201_CREATED)


def _decision(action):
    class Decision(StudyScopedMixin, APIView):
        @extend_schema(request=None, responses={200: ProposalOut, **REFUSED})
        def post(self, request, study_pk: int, proposal_pk: int):
            action(member=self.member, proposal_id=proposal_pk)
            return Response(_present(self.member, proposal_pk))

    Decision.__doc__ = action.__doc__
    return Decision


class ProposalAccept(_decision(proposals.accept)):
    """Apply the change through the codebook services (owners)."""


class ProposalReject(_decision(proposals.reject)):
    """Close the proposal without a change (owners)."""


class ProposalWithdraw(_decision(proposals.withdraw)):
    """Close one's own proposal."""
