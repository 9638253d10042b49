"""Idempotency keys, as in the IETF ``Idempotency-Key`` HTTP header draft.

A client sends a unique key with every POST of events. The first request
with a key is processed and its answer stored under the key, in the same
transaction as its events. A retry with the same key and the same events gets
that answer again and stores nothing; the same key with other events is
refused (422); a retry while the first is still being processed is refused
(409) and may be repeated a moment later. Keys answer for
``Settings.idempotency_ttl`` (24 h by default); an expired key is forgotten
and may be used again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rampline.errors import IdempotencyError

MAX_KEY_LENGTH = 255


def fingerprint(payloads: Iterable[str]) -> str:
    """A hash of the request's events in canonical form: what "the same body" means."""
    digest = hashlib.sha256()
    for p in payloads:
        digest.update(p.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def check_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise IdempotencyError("every POST of events needs an Idempotency-Key header", 400)
    if len(key) > MAX_KEY_LENGTH:
        raise IdempotencyError(
            f"the Idempotency-Key is {len(key)} characters long; at most {MAX_KEY_LENGTH}", 400
        )
    return key


class KeyLocks:
    """Keys being processed in this process: a concurrent retry is told to wait (409)."""

    def __init__(self) -> None:
        self._held: set[str] = set()
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._lock:
            if key in self._held:
                raise in_flight()
            self._held.add(key)
        try:
            yield
        finally:
            with self._lock:
                self._held.discard(key)


def in_flight() -> IdempotencyError:
    return IdempotencyError(
        "a request with this Idempotency-Key is still being processed; retry in a moment", 409
    )
