"""Per-user rate limiting: at most `limit` requests per key in any `window_seconds`.

Both limiters keep an exact sliding-window log (the times of the accepted requests), so
there is no boundary burst as with fixed windows: any interval of `window_seconds` holds
at most `limit` accepted requests. Refused requests are not recorded, so a client that
keeps hammering is let in again as soon as its oldest accepted request leaves the window.

- `MemoryRateLimiter` counts per process: with N worker processes a user gets N times the
  limit. Fine for a single worker and for tests.
- `RedisRateLimiter` keeps the log in a Redis sorted set, updated by one Lua script, so the
  check and the insert are atomic across every worker process and host. The clock is the
  Redis server's (no skew between workers). Keys are a hash of the caller's key (a user id
  may be personal data) and expire one window after the last accepted request. When Redis
  cannot be reached the limiter fails open: the request is allowed, one warning is logged
  per outage (never with the key), `health()` reports it, and Redis is tried again after a
  short pause, so service resumes by itself when Redis is back.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("assistant.service.ratelimit")

Clock = Callable[[], float]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # whole seconds until a request would be allowed again; 0 when allowed

    def headers(self) -> dict[str, str]:
        """HTTP headers for the answer: `Retry-After` on a refusal, the limit and what is left
        otherwise. Empty when limiting is off (limit 0)."""
        if self.limit <= 0:
            return {}
        out = {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            out["Retry-After"] = str(self.retry_after)
        return out


class RateLimiter(Protocol):
    def hit(self, key: str) -> Decision: ...

    def health(self) -> dict: ...


def _check_args(limit: int, window_seconds: int) -> None:
    if limit < 1:
        raise ValueError("limit must be >= 1 (use NoRateLimiter / limit 0 to turn limiting off)")
    if window_seconds < 1:
        raise ValueError("window_seconds must be >= 1")


def _retry_seconds(wait: float) -> int:
    """Whole seconds to wait, rounded up and at least 1, so a client that obeys
    `Retry-After` is never refused again for coming back too early."""
    return max(1, math.ceil(wait))


class NoRateLimiter:
    """Limit 0: limiting is off and every request is allowed."""

    def hit(self, key: str) -> Decision:
        return Decision(allowed=True, limit=0, remaining=0, retry_after=0)

    def health(self) -> dict:
        return {"ok": True, "backend": "off"}


class MemoryRateLimiter:
    """Sliding-window log per key in this process's memory; thread-safe.

    `clock` is injectable so tests can move time without sleeping."""

    def __init__(self, limit: int, window_seconds: int = 60, clock: Clock = time.monotonic):
        _check_args(limit, window_seconds)
        self.limit = limit
        self.window = float(window_seconds)
        self._clock = clock
        self._log: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._next_sweep = clock() + self.window

    def hit(self, key: str) -> Decision:
        with self._lock:
            now = self._clock()
            if now >= self._next_sweep:
                self._sweep(now)
            times = self._log.get(key)
            if times is None:
                times = self._log[key] = deque()
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) < self.limit:
                times.append(now)
                return Decision(True, self.limit, self.limit - len(times), 0)
            return Decision(False, self.limit, 0, _retry_seconds(times[0] + self.window - now))

    def _sweep(self, now: float) -> None:
        """Forget keys with nothing left in the window, so memory follows active users only."""
        stale = [k for k, times in self._log.items() if not times or times[-1] <= now - self.window]
        for k in stale:
            del self._log[k]
        self._next_sweep = now + self.window

    def health(self) -> dict:
        return {"ok": True, "backend": "memory"}


# One atomic step per request. KEYS[1]: the hashed key. ARGV: limit, window (ms), now (ms, or ''
# for the Redis server clock), a random member id (two requests in the same millisecond must
# both count). Returns {allowed 0/1, remaining, ms until the oldest entry leaves the window}.
_HIT_LUA = """
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now
if ARGV[3] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[3])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now}
"""


class RedisRateLimiter:
    """Sliding-window log in Redis, shared by every process that uses the same Redis and prefix.

    `secret`, when given, turns the key hash into an HMAC so the stored keys cannot be linked
    back to user ids by hashing guessed ids. `clock` (seconds) replaces the Redis server clock;
    it exists for tests and must be shared by all processes using the same keys.
    `retry_interval` is how long to skip Redis (and allow) after a failure before trying again,
    so an outage costs one timeout per interval rather than one per request.
    """

    def __init__(
        self,
        url: str,
        limit: int,
        window_seconds: int = 60,
        prefix: str = "assistant:rl:",
        *,
        secret: str | bytes | None = None,
        socket_timeout: float = 0.5,
        retry_interval: float = 2.0,
        clock: Clock | None = None,
    ):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        _check_args(limit, window_seconds)
        self.limit = limit
        self.window_ms = int(window_seconds) * 1000
        self.prefix = prefix
        self._secret = secret.encode() if isinstance(secret, str) else secret
        self._clock = clock
        self._retry_interval = retry_interval
        # One retry: after a Redis restart the pooled connection is dead, and the retry on a
        # fresh connection lets that first request through normally.
        self._redis = redis.Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout, retry=Retry(NoBackoff(), 1)
        )
        self._script = self._redis.register_script(_HIT_LUA)
        self._errors = (redis.exceptions.RedisError, OSError)
        self._lock = threading.Lock()
        self._error: str | None = None
        self._skip_until = 0.0

    def redis_key(self, key: str) -> str:
        """The Redis key for a caller's key: the prefix and a hash, never the key itself."""
        data = key.encode("utf-8", "surrogatepass")
        if self._secret:
            digest = hmac.new(self._secret, data, hashlib.sha256).hexdigest()
        else:
            digest = hashlib.sha256(data).hexdigest()
        return self.prefix + digest[:32]

    def hit(self, key: str) -> Decision:
        if time.monotonic() < self._skip_until:
            return self._fail_open()
        now = "" if self._clock is None else str(round(self._clock() * 1000))
        try:
            allowed, remaining, wait_ms = self._script(
                keys=[self.redis_key(key)], args=[self.limit, self.window_ms, now, secrets.token_hex(8)]
            )
        except self._errors as exc:
            self._failed(exc)
            return self._fail_open()
        self._recovered()
        if allowed:
            return Decision(True, self.limit, int(remaining), 0)
        return Decision(False, self.limit, 0, _retry_seconds(int(wait_ms) / 1000))

    def _fail_open(self) -> Decision:
        return Decision(True, self.limit, self.limit, 0)

    def _failed(self, exc: BaseException) -> None:
        message = f"{type(exc).__name__}: {exc}"
        with self._lock:
            first = self._error is None
            self._error = message
            self._skip_until = time.monotonic() + self._retry_interval
        if first:  # once per outage, not once per request; the key is never logged
            log.warning("rate limiting: Redis unavailable, allowing requests until it is back (%s)", message)

    def _recovered(self) -> None:
        if self._error is None:
            return
        with self._lock:
            was_down = self._error is not None
            self._error = None
            self._skip_until = 0.0
        if was_down:
            log.info("rate limiting: Redis is reachable again")

    def health(self) -> dict:
        """Pings Redis now (which also ends an outage pause early when Redis is back)."""
        try:
            self._redis.ping()
        except self._errors as exc:
            self._failed(exc)
            return {"ok": False, "backend": "redis", "error": f"Redis kan ikke nås: {type(exc).__name__}: {exc}"}
        self._recovered()
        return {"ok": True, "backend": "redis"}

    def close(self) -> None:
        self._redis.close()


def make_limiter(
    limit: int, window_seconds: int = 60, redis_url: str | None = None, *, secret: str | bytes | None = None
) -> RateLimiter:
    """Limit 0 turns limiting off; with a Redis URL the limit holds across processes,
    without one it is per process."""
    if limit < 0:
        raise ValueError("limit must be >= 0")
    if limit == 0:
        return NoRateLimiter()
    if redis_url:
        return RedisRateLimiter(redis_url, limit, window_seconds, secret=secret)
    return MemoryRateLimiter(limit, window_seconds)
