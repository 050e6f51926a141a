"""Where the identity provider's keys are and how its tokens name roles (checked when built)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from assistant.service.auth.principal import ROLES, Role

# Algorithms whose verification key is public; anything else would let a JWKS entry or the
# token itself choose a shared secret.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


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
            name = self.role_map[name]
        return next((r for r in ROLES if r == name), None)
