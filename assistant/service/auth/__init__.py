"""Single sign-on: the IdP's keys (`keys`), token checks (`tokens`), the principal and its role (`principal`).

The service never sees passwords: the municipality's identity provider signs a JWT and it
is checked against the IdP's published public keys; the token's role claim decides whether
the caller is a caseworker, a citizen or an admin.
"""

from assistant.service.auth.config import AuthConfig
from assistant.service.auth.principal import (
    MSG_FORBIDDEN,
    ROLES,
    AuthError,
    Principal,
    Role,
    looks_like_cpr,
    pseudonymous_id,
    require_role,
)
from assistant.service.auth.tokens import Authenticator

__all__ = [
    "MSG_FORBIDDEN",
    "ROLES",
    "AuthConfig",
    "AuthError",
    "Authenticator",
    "Principal",
    "Role",
    "looks_like_cpr",
    "pseudonymous_id",
    "require_role",
]
