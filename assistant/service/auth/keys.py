"""The identity provider's public signing keys (JWKS), from a file or a URL, cached and refetched on rotation.

Only asymmetric algorithms are accepted, and the key decides the algorithm, never the
token alone (no ``alg: none``, no HS256 signed with the public key). When the keys cannot
be had, the caller answers 503, not 401: a good token cannot be told from a bad one.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx
import jwt

from assistant.service.auth.config import AuthConfig

log = logging.getLogger("assistant.auth")


_KTY_ALGORITHMS = {"RSA": {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}}


_EC_CURVE_ALGORITHM = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}


_MAX_JWKS_BYTES = 1_000_000


_HEALTH_FILE = "Nøglefilen (JWKS) kan ikke læses eller indeholder ingen brugbare nøgler."


_HEALTH_URL = "Nøglerne (JWKS) kunne ikke hentes fra login-tjenesten."


_HEALTH_STALE = "Nøglerne (JWKS) kunne ikke hentes igen; de senest hentede nøgler bruges stadig."


class KeysUnavailable(Exception):
    """The JWKS could not be read or fetched; the message is for the log, not the user."""


@dataclass
class KeySet:
    """Usable public signing keys by kid. JWKs without ``alg`` get one PyJWK per compatible algorithm."""

    by_kid: dict[str | None, list[dict[str, Any]]]
    count: int

    @classmethod
    def parse(cls, raw: bytes, allowed: tuple[str, ...]) -> KeySet:
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise KeysUnavailable(f"JWKS is not JSON: {exc.__class__.__name__}") from None
        keys = doc.get("keys") if isinstance(doc, dict) else None
        if not isinstance(keys, list):
            raise KeysUnavailable("JWKS has no 'keys' list")
        by_kid: dict[str | None, list[dict[str, Any]]] = {}
        count = 0
        for jwk in keys:
            if not isinstance(jwk, dict) or jwk.get("use", "sig") != "sig":
                continue
            if not _compatible_algorithms(jwk, allowed):
                continue  # symmetric, unsupported curve, or an alg we do not accept
            try:
                jwt.PyJWK(jwk, algorithm=next(iter(_compatible_algorithms(jwk, allowed))))
            except jwt.PyJWTError:
                continue  # malformed key material: skip, like PyJWKSet does
            by_kid.setdefault(jwk.get("kid"), []).append(jwk)
            count += 1
        if not count:
            raise KeysUnavailable("JWKS contains no usable signing keys")
        return cls(by_kid, count)

    def find(self, kid: str | None, alg: str, allowed: tuple[str, ...]) -> jwt.PyJWK | None:
        if kid is None:
            # Tolerated only when there is no ambiguity about which key was meant.
            if self.count != 1:
                return None
            candidates = [k for ks in self.by_kid.values() for k in ks]
        else:
            candidates = self.by_kid.get(kid, [])
        for jwk in candidates:
            if alg in _compatible_algorithms(jwk, allowed):
                try:
                    return jwt.PyJWK(jwk, algorithm=alg)
                except jwt.PyJWTError:
                    return None
        return None

    def has_kid(self, kid: str | None) -> bool:
        return (self.count == 1) if kid is None else kid in self.by_kid


def _compatible_algorithms(jwk: dict[str, Any], allowed: tuple[str, ...]) -> set[str]:
    """Algorithms this key may verify: its declared ``alg``, else those its key type supports."""
    kty = jwk.get("kty")
    if kty == "RSA":
        possible = _KTY_ALGORITHMS["RSA"]
    elif kty == "EC":
        possible = {_EC_CURVE_ALGORITHM[jwk["crv"]]} if jwk.get("crv") in _EC_CURVE_ALGORITHM else set()
    elif kty == "OKP" and jwk.get("crv") == "Ed25519":
        possible = {"EdDSA"}
    else:
        possible = set()  # "oct" (shared secrets) never verifies anything here
    declared = jwk.get("alg")
    if declared is not None:
        possible = possible & {declared}
    return possible & set(allowed)


class KeySource:
    """Loads the JWKS from a file or a URL and decides when to load it again."""

    def __init__(self, config: AuthConfig, clock: Callable[[], float]):
        self.config = config
        self.clock = clock
        self.kind = "file" if config.jwks_file is not None else "url"
        self.lock = threading.Lock()
        self.keys: KeySet | None = None
        self.error: str | None = None  # Danish, for health()
        self.stale = False
        self.file_stamp: tuple[int, int, int] | None = None
        self.fetched_at: float | None = None  # last successful fetch (URL)
        self.attempted_at: float | None = None  # last fetch attempt (URL)
        self.failed = False  # last attempt failed (URL)

    # -- file ---------------------------------------------------------------------------
    def _file_keys(self) -> KeySet:
        path = self.config.jwks_file
        assert path is not None
        try:
            st = os.stat(path)
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError as exc:
            self._fail_file(f"JWKS file unreadable: {exc.__class__.__name__}")
        if self.keys is not None and stamp == self.file_stamp:
            return self.keys
        with self.lock:
            if self.keys is not None and stamp == self.file_stamp:
                return self.keys
            try:
                raw = path.read_bytes()[: _MAX_JWKS_BYTES + 1]
                if len(raw) > _MAX_JWKS_BYTES:
                    raise KeysUnavailable("JWKS file too large")
                keys = KeySet.parse(raw, self.config.algorithms)
            except OSError as exc:
                self._fail_file(f"JWKS file unreadable: {exc.__class__.__name__}")
            except KeysUnavailable as exc:
                self._fail_file(str(exc))
            self.keys, self.file_stamp, self.error = keys, stamp, None
            log.info("loaded %d signing key(s) from JWKS file", keys.count)
            return keys

    def _fail_file(self, why: str) -> NoReturn:
        # Fail closed: a broken or removed key file must not leave old keys trusted.
        if self.error is None:
            log.error("JWKS file %s: %s", self.config.jwks_file, why)
        self.keys, self.file_stamp, self.error = None, None, _HEALTH_FILE
        raise KeysUnavailable(why)

    # -- url ----------------------------------------------------------------------------
    def _fetch(self) -> None:
        """One fetch attempt; updates state. Caller holds the lock."""
        url = self.config.jwks_url
        assert url is not None
        self.attempted_at = self.clock()
        try:
            with httpx.Client(timeout=self.config.jwks_timeout_seconds, follow_redirects=False) as client:
                resp = client.get(url, headers={"Accept": "application/json"})
            if resp.status_code != 200:
                raise KeysUnavailable(f"JWKS URL answered HTTP {resp.status_code}")
            if len(resp.content) > _MAX_JWKS_BYTES:
                raise KeysUnavailable("JWKS response too large")
            keys = KeySet.parse(resp.content, self.config.algorithms)
        except (httpx.HTTPError, KeysUnavailable) as exc:
            self.failed = True
            log.error(
                "JWKS fetch from %s failed: %s",
                url,
                exc if isinstance(exc, KeysUnavailable) else exc.__class__.__name__,
            )
            return
        self.keys, self.fetched_at, self.failed, self.stale, self.error = keys, self.clock(), False, False, None
        log.info("fetched %d signing key(s) from JWKS URL", keys.count)

    def _url_keys(self, want_kid: str | None = None, check_kid: bool = False) -> KeySet:
        cfg = self.config
        with self.lock:
            now = self.clock()
            since_attempt = None if self.attempted_at is None else now - self.attempted_at
            expired = self.fetched_at is None or now - self.fetched_at >= cfg.jwks_ttl_seconds
            backoff = cfg.jwks_retry_seconds if self.failed else cfg.jwks_min_refetch_seconds
            may_fetch = since_attempt is None or since_attempt >= backoff
            rotated = check_kid and self.keys is not None and not self.keys.has_kid(want_kid)
            if may_fetch and (expired or rotated):
                self._fetch()
                if rotated and not self.failed:
                    log.info("refetched JWKS for an unknown key id")
            if self.keys is None:
                self.error = _HEALTH_URL
                raise KeysUnavailable("no JWKS fetched yet")
            age = self.clock() - (self.fetched_at or 0.0)
            if age >= cfg.jwks_ttl_seconds + cfg.jwks_max_stale_seconds:
                self.keys, self.error, self.stale = None, _HEALTH_URL, False
                raise KeysUnavailable("cached JWKS too old and refetch failed")
            if age >= cfg.jwks_ttl_seconds:
                self.stale, self.error = True, _HEALTH_STALE
            if rotated and self.failed and not self.keys.has_kid(want_kid):
                # We could not check whether the IdP rotated its keys: do not call the token bad.
                raise KeysUnavailable("unknown kid and JWKS refetch failed")
            return self.keys

    # -- both ---------------------------------------------------------------------------
    def get(self, kid: str | None = None, check_kid: bool = False) -> KeySet:
        return self._file_keys() if self.kind == "file" else self._url_keys(kid, check_kid)
