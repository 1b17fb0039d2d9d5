"""The display order of clusters and principles: 32-bit integer columns."""

MAX_ORDER = 2**31 - 1


def next_order(last: int | None, *, first: int) -> int:
    """The order of a new item put after the last one (`first` when there is none). Past the
    largest the column holds it shares the last place rather than overflowing it (a 500
    schemathesis found after it had created a cluster at MAX_ORDER)."""
    return first if last is None else min(last + 1, MAX_ORDER)
