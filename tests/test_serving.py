"""Serving refuses to start without a secret unless DEBUG; commands and tests need none."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from qualcode.serving import require_secret_key


def test_serving_needs_a_secret_key_outside_debug(settings):
    settings.DEBUG = False
    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        require_secret_key()
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    require_secret_key()
    settings.DEBUG, settings.SECRET_KEY_FROM_ENVIRONMENT = True, False
    require_secret_key()
