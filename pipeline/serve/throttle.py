"""A limit on failed log-ins: per user name and client address, at most LIMIT failures in WINDOW
seconds; further attempts are refused (before the password is even hashed) until the oldest failure
leaves the window. A success clears the pair. Memory stays bounded: at most MAX_KEYS pairs are
remembered, the stalest forgotten first."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

LIMIT = 5
WINDOW = 60.0  # seconds
MAX_KEYS = 10_000


class FailedLogins:
    def __init__(self, limit: int = LIMIT, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, user: str, client: str) -> float:
        """Seconds before `user` may try again from `client`; 0 when allowed now."""
        with self._lock:
            times = self._recent((user.casefold(), client))
            return max(0.0, times[0] + self.window - self.clock()) if len(times) >= self.limit else 0.0

    def failed(self, user: str, client: str) -> None:
        key = (user.casefold(), client)
        with self._lock:
            times = self._recent(key)
            times.append(self.clock())
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, user: str, client: str) -> None:
        with self._lock:
            self._failures.pop((user.casefold(), client), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= self.clock() - self.window:
            times.popleft()
        return times
