"""OIDC bearer tokens checked against the municipality's single sign-on.

``exp``, ``iss``, ``aud`` and ``sub`` are required; ``nbf``/``iat`` are checked when present.
``authenticate`` is synchronous and may fetch the JWKS over HTTP (only on cache expiry or key
rotation); call it from a sync FastAPI dependency or via ``run_in_threadpool``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

import jwt

from assistant.service.auth.config import AuthConfig
from assistant.service.auth.keys import KeySource, KeysUnavailable
from assistant.service.auth.principal import (
    CPR_LIKE,
    MSG_AUDIENCE,
    MSG_EXPIRED,
    MSG_INVALID,
    MSG_ISSUER,
    MSG_MALFORMED,
    MSG_MISSING,
    MSG_NO_ROLE,
    MSG_NOT_YET_VALID,
    MSG_UNAVAILABLE,
    PRIVILEGE,
    AuthError,
    Principal,
    pseudonymous_id,
    role_names,
)

log = logging.getLogger("assistant.auth")


_MAX_HEADER_CHARS = 16_384  # large Azure/Keycloak tokens are 4-8 KB


_TOKEN_RE = re.compile(r"^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*$")


class Authenticator:
    """Turns an ``Authorization`` header into a :class:`Principal` or an :class:`AuthError`."""

    def __init__(self, config: AuthConfig, *, clock: Callable[[], float] = time.monotonic):
        self.config = config
        self._source = KeySource(config, clock)

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
        except KeysUnavailable:
            raise AuthError(503, MSG_UNAVAILABLE, "jwks_unavailable") from None
        key = keys.find(kid, alg, self.config.algorithms)
        if key is None:
            raise _deny(MSG_INVALID, "unknown_kid" if not keys.has_kid(kid) else "algorithm")
        claims = self._decode(token, key, alg)
        return self._principal(claims)

    def _decode(self, token: str, key: jwt.PyJWK, alg: str) -> dict[str, Any]:
        cfg = self.config
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=cfg.audience,
                issuer=cfg.issuer,
                leeway=cfg.leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"], "verify_signature": True},
            )
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
        roles = [r for r in (self.config.map_role(n) for n in role_names(claims, self.config.role_claim)) if r]
        if not roles:
            log.info("token without a recognised role rejected")
            raise AuthError(403, MSG_NO_ROLE, "no_role")
        role = max(roles, key=PRIVILEGE.__getitem__)
        name = claims.get("name")
        if not isinstance(name, str) or not name.strip() or CPR_LIKE.search(name):
            name = None
        return Principal(id=pseudonymous_id(self.config.issuer, sub), role=role, name=name)

    def health(self) -> dict:
        """Whether tokens can be checked right now (loads/refreshes keys on the usual schedule)."""
        out: dict[str, Any] = {"source": self._source.kind}
        try:
            keys = self._source.get()
        except KeysUnavailable:
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
