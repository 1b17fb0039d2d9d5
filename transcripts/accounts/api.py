"""The token endpoint: POST username + password for a token (the same one until it expires),
DELETE to revoke it. Wrong passwords count towards the login lockout like the login page's."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from transcripts.accounts import tokens
from transcripts.accounts.serializers import TokenIn, TokenOut
from transcripts.errors import DomainError
from transcripts.serializers import ErrorOut


class AuthToken(APIView):
    def get_permissions(self):
        # Only revoking needs a token; any other method is answered as it is (405 if unknown).
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        request=TokenIn,
        responses={200: TokenOut, 400: ErrorOut, 429: ErrorOut},
        auth=[],
    )
    def post(self, request):
        data = TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request, not DRF's wrapper: a lockout flagged on it during authentication
        # is what the lockout middleware answers with 429.
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise DomainError("", "Unable to log in with the given username and password.")
        token = tokens.issue_token(user=user)
        return Response(TokenOut({"key": token.key, "expires": tokens.expires_at(token)}).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        tokens.revoke_tokens(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
