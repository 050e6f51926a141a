"""OIDC bearer-token validation against the municipality's single sign-on.

The service never sees passwords: the municipality's identity provider (IdP) signs a JWT and
we check it against the IdP's published public keys (JWKS, from a URL or a file). The token's
role claim decides whether the caller is a caseworker, a citizen or an admin.

Design choices that matter for security:
- Only asymmetric algorithms are accepted, and the key decides the algorithm, never the
  token alone (no ``alg: none``, no HS256 signed with the public key).
- ``exp``, ``iss``, ``aud`` and ``sub`` are required; ``nbf``/``iat`` are checked when present.
- A ``sub`` that looks like a CPR number is replaced by a pseudonym before it leaves this module,
  and neither the token nor the ``sub`` is ever logged.
- When the keys cannot be obtained the answer is 503 (we cannot tell good from bad tokens),
  not 401 (which would tell a legitimate user to log in again for nothing).

``authenticate`` is synchronous and may fetch the JWKS over HTTP (only on cache expiry or key
rotation); call it from a sync FastAPI dependency or via ``run_in_threadpool``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, NoReturn
from urllib.parse import urlsplit

import httpx
import jwt

log = logging.getLogger("assistant.auth")

Role = Literal["caseworker", "citizen", "admin"]
ROLES: tuple[Role, ...] = ("caseworker", "citizen", "admin")
_PRIVILEGE: dict[str, int] = {"citizen": 1, "caseworker": 2, "admin": 3}

# Algorithms whose verification key is public; anything else would let a JWKS entry or the
# token itself choose a shared secret.
ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                                   "ES256", "ES384", "ES512", "EdDSA"})
_KTY_ALGORITHMS = {"RSA": {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}}
_EC_CURVE_ALGORITHM = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}

_MAX_HEADER_CHARS = 16_384          # large Azure/Keycloak tokens are 4-8 KB
_MAX_JWKS_BYTES = 1_000_000
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*$")
# Ten digits, optionally DDMMYY-XXXX / DDMMYY XXXX, not part of a longer digit run.
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")

# User-facing messages (Danish).
MSG_MISSING = "Du er ikke logget ind (mangler adgangstoken)."
MSG_MALFORMED = "Login-oplysningerne har et forkert format. Log ind igen."
MSG_INVALID = "Adgangstokenet er ugyldigt. Log ind igen."
MSG_EXPIRED = "Adgangstokenet er udløbet. Log ind igen."
MSG_NOT_YET_VALID = "Adgangstokenet er endnu ikke gyldigt. Kontrollér computerens ur, og log ind igen."
MSG_ISSUER = "Adgangstokenet er ikke udstedt af kommunens login-tjeneste. Log ind igen."
MSG_AUDIENCE = "Adgangstokenet er ikke udstedt til denne tjeneste. Log ind igen."
MSG_NO_ROLE = "Din bruger har ingen rolle, der giver adgang til assistenten."
MSG_FORBIDDEN = "Din rolle giver ikke adgang til denne funktion."
MSG_UNAVAILABLE = ("Login kan ikke kontrolleres lige nu, fordi nøglerne fra kommunens login-tjeneste "
                   "ikke kan hentes. Prøv igen om lidt.")
_HEALTH_FILE = "Nøglefilen (JWKS) kan ikke læses eller indeholder ingen brugbare nøgler."
_HEALTH_URL = "Nøglerne (JWKS) kunne ikke hentes fra login-tjenesten."
_HEALTH_STALE = "Nøglerne (JWKS) kunne ikke hentes igen; de senest hentede nøgler bruges stadig."


@dataclass(frozen=True)
class Principal:
    """Who is calling. ``id`` is safe to store: never a CPR number."""

    id: str
    role: Role
    local: bool = False
    name: str | None = None


class AuthError(Exception):
    """A request that cannot be let through; ``detail`` is shown to the user, ``reason`` is for logs/tests."""

    def __init__(self, status: int, detail: str, reason: str = ""):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.reason = reason

    @property
    def headers(self) -> dict[str, str]:
        """Response headers RFC 6750 asks for (401), or a retry hint (503)."""
        if self.status == 401:
            if self.reason == "missing":
                return {"WWW-Authenticate": 'Bearer realm="ressourceforloeb"'}
            return {"WWW-Authenticate": 'Bearer realm="ressourceforloeb", error="invalid_token"'}
        if self.status == 403:
            return {"WWW-Authenticate": 'Bearer realm="ressourceforloeb", error="insufficient_scope"'}
        if self.status == 503:
            return {"Retry-After": "30"}
        return {}

    def __repr__(self) -> str:
        return f"AuthError({self.status}, {self.reason!r})"


def require_role(principal: Principal, *allowed: Role) -> Principal:
    """Raise 403 unless the principal has one of ``allowed`` (for per-endpoint checks)."""
    if principal.role not in allowed:
        raise AuthError(403, MSG_FORBIDDEN, "role")
    return principal


def _is_loopback(host: str | None) -> bool:
    return host in {"localhost", "127.0.0.1", "::1"} or bool(host and host.startswith("127."))


@dataclass
class AuthConfig:
    """Where the IdP's keys are and how its tokens name roles.

    ``role_claim`` may be a dotted path (``realm_access.roles``); a claim whose own name contains
    dots (``https://kommune.dk/roles``) is tried literally first.
    """

    issuer: str
    audience: str
    jwks_url: str | None = None
    jwks_file: Path | None = None
    role_claim: str = "roles"
    role_map: dict[str, str] = field(default_factory=dict)
    algorithms: tuple[str, ...] = ("RS256", "ES256", "PS256")
    leeway_seconds: int = 30
    # JWKS caching (URL source). Stale keys keep serving during a short IdP outage only.
    jwks_ttl_seconds: float = 600.0
    jwks_min_refetch_seconds: float = 30.0
    jwks_retry_seconds: float = 5.0
    jwks_max_stale_seconds: float = 3600.0
    jwks_timeout_seconds: float = 3.0

    def __post_init__(self) -> None:
        if not self.issuer or not self.audience:
            raise ValueError("Login-opsætningen kræver både issuer og audience.")
        if (self.jwks_url is None) == (self.jwks_file is None):
            raise ValueError("Login-opsætningen kræver præcis én nøglekilde: jwks_url eller jwks_file.")
        if self.jwks_file is not None:
            self.jwks_file = Path(self.jwks_file)
        if self.jwks_url is not None:
            parts = urlsplit(self.jwks_url)
            if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname)):
                raise ValueError("jwks_url skal bruge https (http er kun tilladt på loopback).")
        algorithms = tuple(self.algorithms)
        bad = [a for a in algorithms if a not in ASYMMETRIC_ALGORITHMS]
        if bad or not algorithms:
            raise ValueError(f"Kun asymmetriske signaturalgoritmer er tilladt, ikke: {', '.join(bad) or '(ingen)'}.")
        self.algorithms = algorithms
        wrong = {k: v for k, v in self.role_map.items() if v not in ROLES}
        if wrong:
            raise ValueError(f"role_map må kun pege på {', '.join(ROLES)}; forkert: {wrong}.")
        if self.leeway_seconds < 0:
            raise ValueError("leeway_seconds må ikke være negativ.")

    def map_role(self, name: str) -> Role | None:
        if name in self.role_map:
            return self.role_map[name]  # type: ignore[return-value]
        return name if name in ROLES else None  # type: ignore[return-value]


class _KeysUnavailable(Exception):
    """The JWKS could not be read or fetched; the message is for the log, not the user."""


@dataclass
class _KeySet:
    """Usable public signing keys by kid. JWKs without ``alg`` get one PyJWK per compatible algorithm."""

    by_kid: dict[str | None, list[dict[str, Any]]]
    count: int

    @classmethod
    def parse(cls, raw: bytes, allowed: tuple[str, ...]) -> "_KeySet":
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _KeysUnavailable(f"JWKS is not JSON: {exc.__class__.__name__}") from None
        keys = doc.get("keys") if isinstance(doc, dict) else None
        if not isinstance(keys, list):
            raise _KeysUnavailable("JWKS has no 'keys' list")
        by_kid: dict[str | None, list[dict[str, Any]]] = {}
        count = 0
        for jwk in keys:
            if not isinstance(jwk, dict) or jwk.get("use", "sig") != "sig":
                continue
            if not _compatible_algorithms(jwk, allowed):
                continue          # symmetric, unsupported curve, or an alg we do not accept
            try:
                jwt.PyJWK(jwk, algorithm=next(iter(_compatible_algorithms(jwk, allowed))))
            except jwt.PyJWTError:
                continue          # malformed key material: skip, like PyJWKSet does
            by_kid.setdefault(jwk.get("kid"), []).append(jwk)
            count += 1
        if not count:
            raise _KeysUnavailable("JWKS contains no usable signing keys")
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
        possible = set()      # "oct" (shared secrets) never verifies anything here
    declared = jwk.get("alg")
    if declared is not None:
        possible = possible & {declared}
    return possible & set(allowed)


class _KeySource:
    """Loads the JWKS from a file or a URL and decides when to load it again."""

    def __init__(self, config: AuthConfig, clock: Callable[[], float]):
        self.config = config
        self.clock = clock
        self.kind = "file" if config.jwks_file is not None else "url"
        self.lock = threading.Lock()
        self.keys: _KeySet | None = None
        self.error: str | None = None          # Danish, for health()
        self.stale = False
        self.file_stamp: tuple[int, int, int] | None = None
        self.fetched_at: float | None = None   # last successful fetch (URL)
        self.attempted_at: float | None = None  # last fetch attempt (URL)
        self.failed = False                    # last attempt failed (URL)

    # -- file ---------------------------------------------------------------------------
    def _file_keys(self) -> _KeySet:
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
                    raise _KeysUnavailable("JWKS file too large")
                keys = _KeySet.parse(raw, self.config.algorithms)
            except OSError as exc:
                self._fail_file(f"JWKS file unreadable: {exc.__class__.__name__}")
            except _KeysUnavailable as exc:
                self._fail_file(str(exc))
            self.keys, self.file_stamp, self.error = keys, stamp, None
            log.info("loaded %d signing key(s) from JWKS file", keys.count)
            return keys

    def _fail_file(self, why: str) -> NoReturn:
        # Fail closed: a broken or removed key file must not leave old keys trusted.
        if self.error is None:
            log.error("JWKS file %s: %s", self.config.jwks_file, why)
        self.keys, self.file_stamp, self.error = None, None, _HEALTH_FILE
        raise _KeysUnavailable(why)

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
                raise _KeysUnavailable(f"JWKS URL answered HTTP {resp.status_code}")
            if len(resp.content) > _MAX_JWKS_BYTES:
                raise _KeysUnavailable("JWKS response too large")
            keys = _KeySet.parse(resp.content, self.config.algorithms)
        except (httpx.HTTPError, _KeysUnavailable) as exc:
            self.failed = True
            log.error("JWKS fetch from %s failed: %s", url, exc if isinstance(exc, _KeysUnavailable)
                      else exc.__class__.__name__)
            return
        self.keys, self.fetched_at, self.failed, self.stale, self.error = keys, self.clock(), False, False, None
        log.info("fetched %d signing key(s) from JWKS URL", keys.count)

    def _url_keys(self, want_kid: str | None = None, check_kid: bool = False) -> _KeySet:
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
                raise _KeysUnavailable("no JWKS fetched yet")
            age = self.clock() - (self.fetched_at or 0.0)
            if age >= cfg.jwks_ttl_seconds + cfg.jwks_max_stale_seconds:
                self.keys, self.error, self.stale = None, _HEALTH_URL, False
                raise _KeysUnavailable("cached JWKS too old and refetch failed")
            if age >= cfg.jwks_ttl_seconds:
                self.stale, self.error = True, _HEALTH_STALE
            if rotated and self.failed and not self.keys.has_kid(want_kid):
                # We could not check whether the IdP rotated its keys: do not call the token bad.
                raise _KeysUnavailable("unknown kid and JWKS refetch failed")
            return self.keys

    # -- both ---------------------------------------------------------------------------
    def get(self, kid: str | None = None, check_kid: bool = False) -> _KeySet:
        return self._file_keys() if self.kind == "file" else self._url_keys(kid, check_kid)


class Authenticator:
    """Turns an ``Authorization`` header into a :class:`Principal` or an :class:`AuthError`."""

    def __init__(self, config: AuthConfig, *, clock: Callable[[], float] = time.monotonic):
        self.config = config
        self._source = _KeySource(config, clock)

    def authenticate(self, authorization_header: str | None) -> Principal:
        token = _bearer_token(authorization_header)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _deny(MSG_INVALID, "garbage") from None
        alg = header.get("alg")
        kid = header.get("kid")
        if not isinstance(alg, str) or alg not in self.config.algorithms:
            raise _deny(MSG_INVALID, "algorithm")
        if kid is not None and not isinstance(kid, str):
            raise _deny(MSG_INVALID, "kid")
        try:
            keys = self._source.get(kid, check_kid=True)
        except _KeysUnavailable:
            raise AuthError(503, MSG_UNAVAILABLE, "jwks_unavailable") from None
        key = keys.find(kid, alg, self.config.algorithms)
        if key is None:
            raise _deny(MSG_INVALID, "unknown_kid" if not keys.has_kid(kid) else "algorithm")
        claims = self._decode(token, key, alg)
        return self._principal(claims)

    def _decode(self, token: str, key: jwt.PyJWK, alg: str) -> dict[str, Any]:
        cfg = self.config
        try:
            return jwt.decode(token, key, algorithms=[alg], audience=cfg.audience, issuer=cfg.issuer,
                              leeway=cfg.leeway_seconds,
                              options={"require": ["exp", "iss", "aud", "sub"], "verify_signature": True})
        except jwt.ExpiredSignatureError:
            raise _deny(MSG_EXPIRED, "expired") from None
        except jwt.ImmatureSignatureError:
            raise _deny(MSG_NOT_YET_VALID, "not_yet_valid") from None
        except jwt.InvalidIssuerError:
            raise _deny(MSG_ISSUER, "issuer") from None
        except jwt.InvalidAudienceError:
            raise _deny(MSG_AUDIENCE, "audience") from None
        except jwt.MissingRequiredClaimError as exc:
            raise _deny(MSG_INVALID, f"missing_claim:{exc.claim}") from None
        except jwt.InvalidSignatureError:
            raise _deny(MSG_INVALID, "signature") from None
        except jwt.InvalidAlgorithmError:
            raise _deny(MSG_INVALID, "algorithm") from None
        except jwt.PyJWTError:
            raise _deny(MSG_INVALID, "invalid") from None

    def _principal(self, claims: dict[str, Any]) -> Principal:
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.strip():
            raise _deny(MSG_INVALID, "missing_claim:sub")
        roles = [r for r in (self.config.map_role(n) for n in _role_names(claims, self.config.role_claim)) if r]
        if not roles:
            log.info("token without a recognised role rejected")
            raise AuthError(403, MSG_NO_ROLE, "no_role")
        role = max(roles, key=_PRIVILEGE.__getitem__)
        name = claims.get("name")
        if not isinstance(name, str) or not name.strip() or _CPR_LIKE.search(name):
            name = None
        return Principal(id=pseudonymous_id(self.config.issuer, sub), role=role, name=name)

    def health(self) -> dict:
        """Whether tokens can be checked right now (loads/refreshes keys on the usual schedule)."""
        out: dict[str, Any] = {"source": self._source.kind}
        try:
            keys = self._source.get()
        except _KeysUnavailable:
            out.update(ok=False, keys=0, error=self._source.error or MSG_UNAVAILABLE)
            return out
        out.update(ok=True, keys=keys.count)
        if self._source.error:
            out["error"] = self._source.error
        return out


def _deny(detail: str, reason: str) -> AuthError:
    log.info("bearer token rejected: %s", reason)
    return AuthError(401, detail, reason)


def _bearer_token(header: str | None) -> str:
    if header is None or not header.strip():
        raise AuthError(401, MSG_MISSING, "missing")
    if len(header) > _MAX_HEADER_CHARS:
        raise _deny(MSG_MALFORMED, "malformed")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or not _TOKEN_RE.match(token):
        raise _deny(MSG_MALFORMED, "malformed")
    return token


def _role_names(claims: dict[str, Any], path: str) -> list[str]:
    """The role claim's value(s) as strings; a literal claim name wins over a dotted path."""
    if path in claims:
        value: Any = claims[path]
    else:
        value = claims
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                return []
            value = value[part]
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def looks_like_cpr(value: str) -> bool:
    return bool(_CPR_LIKE.search(value))


def pseudonymous_id(issuer: str, sub: str) -> str:
    """The ``sub`` itself, or a stable pseudonym when it carries a CPR number (which must never be stored)."""
    if not looks_like_cpr(sub):
        return sub
    return "sha256:" + hashlib.sha256(f"{issuer}|{sub}".encode()).hexdigest()[:32]
