"""Rate limiting: the sliding-window semantics (in memory and in the real Redis on
127.0.0.1:6379), the limit holding across worker processes, hashed keys, and failing open
while Redis is unreachable, then resuming when it is back."""

from __future__ import annotations

import logging
import multiprocessing
import socket
import threading
import uuid

import pytest
import redis

from assistant.service.ratelimit import (
    Decision,
    MemoryRateLimiter,
    NoRateLimiter,
    RedisRateLimiter,
    make_limiter,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


needs_redis = [pytest.mark.services, pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")]


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rds():
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def prefix(rds):
    """A prefix of its own for each test; every key under it is removed afterwards."""
    p = f"test:rl:{uuid.uuid4().hex}:"
    yield p
    keys = list(rds.scan_iter(match=p + "*"))
    if keys:
        rds.delete(*keys)


@pytest.fixture(params=["memory", pytest.param("redis", marks=needs_redis)])
def make(request):
    """Builds a limiter of either backend on a fake clock, so both get the same tests."""
    made = []

    def build(limit: int, window_seconds: int, clock: FakeClock):
        if request.param == "memory":
            return MemoryRateLimiter(limit, window_seconds, clock=clock)
        lim = RedisRateLimiter(REDIS_URL, limit, window_seconds, prefix=request.getfixturevalue("prefix"), clock=clock)
        made.append(lim)
        return lim

    yield build
    for lim in made:
        lim.close()


# -- semantics, both backends ----------------------------------------------------------------


def test_limit_reached_refuses_with_retry_after(make):
    clock = FakeClock()
    lim = make(3, 60, clock)
    got = []
    for _ in range(3):
        got.append(lim.hit("anna"))
        clock.now += 1
    assert [d.allowed for d in got] == [True, True, True]
    assert [d.remaining for d in got] == [2, 1, 0]
    refused = lim.hit("anna")
    assert refused == Decision(allowed=False, limit=3, remaining=0, retry_after=57)  # first hit at 1000, now 1003
    assert refused.headers()["Retry-After"] == "57"
    assert lim.hit("bent").allowed  # other users are not affected


def test_window_slides(make):
    clock = FakeClock()
    lim = make(3, 10, clock)
    for t in (0, 4, 8):
        clock.now = 1000 + t
        assert lim.hit("u").allowed
    clock.now = 1009
    assert lim.hit("u").retry_after == 1  # the hit at 0 leaves at 10
    clock.now = 1010
    assert lim.hit("u").allowed  # ...and then there is room for exactly one
    refused = lim.hit("u")
    assert not refused.allowed and refused.retry_after == 4  # the hit at 4 leaves at 14
    clock.now = 1013.5
    assert not lim.hit("u").allowed
    assert lim.hit("u").retry_after == 1  # 0.5 s left rounds up to a whole second
    clock.now = 1014
    assert lim.hit("u").allowed


def test_no_burst_at_a_window_boundary(make):
    """A fixed window would allow 2x the limit around its boundary; a sliding one does not."""
    clock = FakeClock(1009.9)
    lim = make(3, 10, clock)
    assert all(lim.hit("u").allowed for _ in range(3))
    clock.now = 1010.1
    assert not any(lim.hit("u").allowed for _ in range(3))
    clock.now = 1019.9
    assert lim.hit("u").allowed


def test_refused_requests_do_not_extend_the_wait(make):
    clock = FakeClock()
    lim = make(1, 10, clock)
    assert lim.hit("u").allowed
    for t in range(1, 10):
        clock.now = 1000 + t
        assert lim.hit("u").retry_after == 10 - t
    clock.now = 1010
    assert lim.hit("u").allowed


# -- memory limiter ----------------------------------------------------------------------------


def test_memory_limiter_is_thread_safe():
    lim = MemoryRateLimiter(100, 60)
    allowed = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        allowed.append(sum(lim.hit("shared").allowed for _ in range(50)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 100


def test_memory_limiter_forgets_idle_users():
    clock = FakeClock()
    lim = MemoryRateLimiter(5, 10, clock=clock)
    for i in range(100):
        lim.hit(f"user{i}")
    clock.now += 11
    lim.hit("late")
    assert set(lim._log) == {"late"}


def test_make_limiter_and_off():
    off = make_limiter(0)
    assert isinstance(off, NoRateLimiter)
    assert all(off.hit("u").allowed for _ in range(1000))
    assert off.health() == {"ok": True, "backend": "off"}
    assert off.hit("u").headers() == {}
    mem = make_limiter(2, 30)
    assert isinstance(mem, MemoryRateLimiter) and mem.health() == {"ok": True, "backend": "memory"}
    assert isinstance(make_limiter(2, 30, redis_url=REDIS_URL), RedisRateLimiter)  # connects lazily
    with pytest.raises(ValueError):
        make_limiter(-1)
    with pytest.raises(ValueError):
        MemoryRateLimiter(5, 0)


# -- Redis limiter -------------------------------------------------------------------------------


@pytest.mark.services
def test_redis_server_clock_and_expiry(rds, prefix):
    lim = RedisRateLimiter(REDIS_URL, 2, 60, prefix=prefix)
    assert lim.health() == {"ok": True, "backend": "redis"}
    assert [lim.hit("u").allowed for _ in range(3)] == [True, True, False]
    assert 1 <= lim.hit("u").retry_after <= 60
    ttl = rds.pttl(lim.redis_key("u"))
    assert 0 < ttl <= 61_000
    assert rds.zcard(lim.redis_key("u")) == 2  # refusals are not recorded
    lim.close()


@pytest.mark.services
def test_redis_keys_are_hashed(rds, prefix):
    raw = "anna.jensen@kommune.dk"
    lim = RedisRateLimiter(REDIS_URL, 5, 60, prefix=prefix)
    lim.hit(raw)
    keys = [k.decode() for k in rds.scan_iter(match=prefix + "*")]
    assert keys == [lim.redis_key(raw)]
    assert raw not in keys[0] and len(keys[0]) == len(prefix) + 32
    assert list(rds.scan_iter(match=f"*{raw}*")) == []
    assert all(raw.encode() not in m for m in rds.zrange(keys[0], 0, -1))
    keyed = RedisRateLimiter(REDIS_URL, 5, 60, prefix=prefix, secret="s3cret")
    assert keyed.redis_key(raw) != lim.redis_key(raw)  # with a secret the hash is an HMAC
    lim.close()
    keyed.close()


def _hit_from_process(url, prefix, key, n, limit, ready, go, results):
    lim = RedisRateLimiter(url, limit, 60, prefix=prefix)
    ok = lim.health()["ok"]
    ready.put(True)
    go.wait(30)
    allowed = sum(lim.hit(key).allowed for _ in range(n))
    results.put((allowed, ok and lim.health()["ok"]))


@pytest.mark.services
def test_redis_limit_holds_across_processes(rds, prefix):
    ctx = multiprocessing.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=_hit_from_process, args=(REDIS_URL, prefix, "shared-user", 20, 30, ready, go, results))
        for _ in range(4)
    ]
    for p in procs:
        p.start()
    try:
        for _ in procs:
            ready.get(timeout=60)
        go.set()  # all four hit at the same time
        got = [results.get(timeout=60) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
    assert all(healthy for _, healthy in got)  # no fail-open that would hide a miscount
    assert sum(allowed for allowed, _ in got) == 30
    assert all(p.exitcode == 0 for p in procs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_redis_fails_open(caplog):
    url = f"redis://127.0.0.1:{_free_port()}/0"
    lim = RedisRateLimiter(url, 1, 60)
    with caplog.at_level(logging.WARNING, logger="assistant.service.ratelimit"):
        decisions = [lim.hit("anna.jensen@kommune.dk") for _ in range(5)]
        health = lim.health()
    assert all(d.allowed for d in decisions)
    assert health["ok"] is False and health["backend"] == "redis" and health["error"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1  # once per outage, not once per request
    assert "anna" not in caplog.text
    assert make_limiter(1, 60, redis_url=url).hit("x").allowed


class TcpProxy:
    """A real TCP relay to Redis that can be cut and restored on the same port, to
    simulate Redis going away and coming back without touching the real server."""

    def __init__(self, target=("127.0.0.1", 6379)):
        self.target = target
        self.port = _free_port()
        self.sockets: list[socket.socket] = []
        self.running = False

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        self.listener.settimeout(0.05)
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            client.settimeout(None)
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        self.running = False
        self.thread.join()
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.sockets = []


@pytest.mark.services
def test_redis_outage_fails_open_and_recovers(rds, prefix):
    proxy = TcpProxy()
    proxy.start()
    lim = RedisRateLimiter(f"redis://127.0.0.1:{proxy.port}/0", 2, 60, prefix=prefix, retry_interval=0)
    try:
        assert [lim.hit("u").allowed for _ in range(3)] == [True, True, False]
        proxy.stop()
        assert lim.hit("u").allowed  # Redis gone: allowed, no exception
        assert lim.health()["ok"] is False
        proxy.start()
        assert lim.health() == {"ok": True, "backend": "redis"}
        assert not lim.hit("u").allowed  # back on Redis, which still holds the two hits
    finally:
        lim.close()
        if proxy.running:
            proxy.stop()
