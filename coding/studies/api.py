"""REST endpoints of the study list: list the user's studies, create one (with the starter
codebook when asked)."""

from django.db.models import F
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.studies import services
from transcripts.access import get_study_for_user
from transcripts.models import Study
from transcripts.serializers import FORBIDDEN, ErrorOut, StudyIn, StudyOut


class StudyList(APIView):
    @extend_schema(responses={200: StudyOut(many=True), **FORBIDDEN})
    def get(self, request):
        rows = Study.objects.for_study_list(request.user).annotate(my_role=F("memberships__role"))
        # for_user joins memberships on the requesting user, so my_role is that user's role.
        return Response(StudyOut(rows, many=True).data)

    @extend_schema(request=StudyIn, responses={201: StudyOut, 400: ErrorOut, **FORBIDDEN})
    def post(self, request):
        data = StudyIn(data=request.data)
        data.is_valid(raise_exception=True)
        study = services.start_study(user=request.user, **data.validated_data)
        study, member = get_study_for_user(request.user, study.pk)
        return Response(
            StudyOut(study, context={"member": member}).data, status=status.HTTP_201_CREATED
        )
