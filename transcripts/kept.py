"""What a process keeps of data that never changes once imported (a transcript's text, its
turns under their revision), read by every request of a kind: bounded by a total size, least
recently used out first, safe across threads. The key names the version of what is kept, so a
changed row is a new key and the old entry ages out."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """Up to `limit` in total of `size(value)` (1 each by default); the newest entry is kept
    whatever its size."""

    def __init__(self, limit: int, size: Callable[[V], int] = lambda value: 1) -> None:
        self.limit, self.size = limit, size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:  # another request kept it meanwhile
                self._total -= self.size(old)
            self._entries[key] = value
            self._total += self.size(value)
            while self._total > self.limit and len(self._entries) > 1:
                _, out = self._entries.popitem(last=False)
                self._total -= self.size(out)
        return value
