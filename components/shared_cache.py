"""One in-memory cache shape for the whole app: a small LRU shared by all sessions of this server."""

from __future__ import annotations

import threading
from collections import OrderedDict


class SharedLru:
    """A small thread-safe LRU shared by all sessions of this server (parsed datasets here; comment
    sentiment and themes in components/text_view.py). Keys identify uploaded bytes, never a frame."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
