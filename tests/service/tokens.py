"""A stand-in for the municipality's identity provider: real keys, a real JWKS file, real signed tokens.

Importable as ``from tests.service.tokens import TokenIssuer`` (repo root on sys.path, e.g. a
benchmark script) and as ``from .tokens import TokenIssuer`` inside tests/service.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from assistant.service.auth import AuthConfig


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header: dict[str, Any], payload: dict[str, Any], hmac_key: bytes | None = None) -> str:
    """A JWS built by hand, for attacks PyJWT refuses to produce (``alg: none``, HS256 keyed with a public key)."""
    signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())
    sig = hmac.new(hmac_key, signing_input.encode(), hashlib.sha256).digest() if hmac_key is not None else b""
    return signing_input + "." + _b64(sig)


class SigningKey:
    """One private key with its kid and algorithm."""

    def __init__(self, algorithm: str = "RS256", kid: str | None = None, publish_alg: bool = True):
        self.algorithm = algorithm
        self.kid = kid or uuid.uuid4().hex[:16]
        self.publish_alg = publish_alg
        if algorithm.startswith(("RS", "PS")):
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self._jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        elif algorithm == "ES256":
            self.private = ec.generate_private_key(ec.SECP256R1())
            self._jwk = jwt.algorithms.ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        else:
            raise ValueError(f"unsupported test algorithm {algorithm}")

    def sign(self, claims: dict[str, Any], header_overrides: dict[str, Any] | None = None) -> str:
        """A JWS with this key; a header override of None removes that header (e.g. ``kid``)."""
        headers = {"kid": self.kid, **(header_overrides or {})}
        headers = {k: v for k, v in headers.items() if v is not None}
        return jwt.encode(claims, self.private, algorithm=self.algorithm, headers=headers)

    def public_jwk(self) -> dict[str, Any]:
        jwk = dict(self._jwk, kid=self.kid, use="sig")
        if self.publish_alg:
            jwk["alg"] = self.algorithm
        return jwk

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class TokenIssuer:
    """Generates keys, publishes them as a JWKS file (``jwks_file``) and mints tokens signed with the current key."""

    def __init__(
        self,
        tmp_dir: str | os.PathLike,
        issuer: str = "https://sso.test.kommune.dk",
        audience: str = "ressourceforloeb",
        algorithm: str = "RS256",
    ):
        self.dir = Path(tmp_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.issuer = issuer
        self.audience = audience
        self.algorithm = algorithm
        self.jwks_file = self.dir / "jwks.json"
        self.current = SigningKey(algorithm)
        self.published: list[SigningKey] = [self.current]
        self.write_jwks()

    @property
    def kid(self) -> str:
        return self.current.kid

    def jwks(self) -> dict[str, Any]:
        return {"keys": [k.public_jwk() for k in self.published]}

    def write_jwks(self) -> None:
        """Replace the file atomically (new inode), as a deploy tool would."""
        tmp = self.jwks_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.jwks()), encoding="utf-8")
        os.replace(tmp, self.jwks_file)

    def rotate(self, keep_old: bool = True, write: bool = True) -> SigningKey:
        """Sign with a fresh key from now on; ``keep_old`` keeps the previous public key published."""
        self.current = SigningKey(self.algorithm)
        self.published = (self.published if keep_old else []) + [self.current]
        if write:
            self.write_jwks()
        return self.current

    def claims(self, sub: str, roles: Any = ("caseworker",), expires_in: int = 300, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": sub,
            "iat": now,
            "exp": now + expires_in,
        }
        if roles is not None:
            claims["roles"] = list(roles) if isinstance(roles, (list, tuple)) else roles
        for name, value in overrides.items():
            if value is None:
                claims.pop(name, None)  # None removes a claim, e.g. exp=None
            else:
                claims[name] = value
        return claims

    def mint(
        self,
        sub: str,
        roles: Any = ("caseworker",),
        expires_in: int = 300,
        *,
        signing_key: SigningKey | None = None,
        header_overrides: dict[str, Any] | None = None,
        **claim_overrides: Any,
    ) -> str:
        """A signed token. ``roles=None`` leaves out the roles claim; a claim override of None removes that claim."""
        return self.sign(
            self.claims(sub, roles, expires_in, **claim_overrides),
            signing_key=signing_key,
            header_overrides=header_overrides,
        )

    def sign(
        self,
        claims: dict[str, Any],
        *,
        signing_key: SigningKey | None = None,
        header_overrides: dict[str, Any] | None = None,
    ) -> str:
        """Sign exactly these claims (e.g. ``claims()`` with ``sub`` removed)."""
        return (signing_key or self.current).sign(claims, header_overrides)

    def auth_config(self, **overrides: Any) -> AuthConfig:
        return AuthConfig(issuer=self.issuer, audience=self.audience, jwks_file=self.jwks_file, **overrides)

    @staticmethod
    def bearer(token: str) -> str:
        return f"Bearer {token}"
