"""Who is calling: the principal a verified token names, its role, and the messages a refusal shows.

A ``sub`` that looks like a CPR number is replaced by a pseudonym before it leaves this
package; neither the token nor the ``sub`` is ever logged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Literal

Role = Literal["caseworker", "citizen", "admin"]


ROLES: tuple[Role, ...] = ("caseworker", "citizen", "admin")


PRIVILEGE: dict[str, int] = {"citizen": 1, "caseworker": 2, "admin": 3}


# Ten digits, optionally DDMMYY-XXXX / DDMMYY XXXX, not part of a longer digit run.
CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


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


MSG_UNAVAILABLE = (
    "Login kan ikke kontrolleres lige nu, fordi nøglerne fra kommunens login-tjeneste "
    "ikke kan hentes. Prøv igen om lidt."
)


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


def role_names(claims: dict[str, Any], path: str) -> list[str]:
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
    return bool(CPR_LIKE.search(value))


def pseudonymous_id(issuer: str, sub: str) -> str:
    """The ``sub`` itself, or a stable pseudonym when it carries a CPR number (which must never be stored)."""
    if not looks_like_cpr(sub):
        return sub
    return "sha256:" + hashlib.sha256(f"{issuer}|{sub}".encode()).hexdigest()[:32]
