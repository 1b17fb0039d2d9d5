"""Query parameters every API list shares: pages by limit and offset (DRF's
LimitOffsetPagination), with both bounded so that no number a client sends reaches the
database beyond what its integers hold (an out-of-range LIMIT or OFFSET is a database error)."""

from rest_framework.pagination import LimitOffsetPagination

MAX_ROWS = 2**31 - 1  # far beyond any study; limit + offset stays within a 64-bit integer


class Pages(LimitOffsetPagination):
    max_limit = MAX_ROWS

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_ROWS)
