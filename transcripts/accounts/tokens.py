"""API tokens: DRF's one token per user, valid for QUALCODE_TOKEN_TTL_HOURS after it was
issued, deleted when its user logs out or changes their password."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from transcripts.compiled import Compiled, concrete_columns, instance

User = get_user_model()


def lifetime() -> timedelta:
    return timedelta(hours=settings.QUALCODE_TOKEN_TTL_HOURS)


def expires_at(token: Token) -> datetime:
    return token.created + lifetime()


def is_expired(token: Token) -> bool:
    return timezone.now() >= expires_at(token)


def issue_token(*, user) -> Token:
    """The user's token while it is valid, else a new one (an expired one is deleted first)."""
    Token.objects.filter(user=user, created__lte=timezone.now() - lifetime()).delete()
    token, _ = Token.objects.get_or_create(user=user)
    return token


def revoke_tokens(*, user) -> int:
    """Delete the user's API token(s); returns how many there were."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


_COLUMNS = concrete_columns(Token) + concrete_columns(User, "user__")
# Every API request asks for its token: compiled once (transcripts.compiled).
_TOKEN = Compiled(lambda key: Token.objects.filter(key=key).values_list(*_COLUMNS), key=str)
_USER_AT = len(Token._meta.concrete_fields)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) a token past its lifetime."""

    def authenticate_credentials(self, key):
        try:
            [row] = _TOKEN.rows(key=key)
        except ValueError:  # no such token (or a key no database could hold)
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token, user = instance(Token, row, 0), instance(User, row, _USER_AT)
        token.user = user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed("Token expired: request a new one.")
        return user, token
