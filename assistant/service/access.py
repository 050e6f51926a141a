"""Who may use the service: local mode on loopback, or OIDC single sign-on everywhere else.

Local mode (no auth settings) is for a developer's laptop: one user, "local", with every
role. It must never be reachable from the network, so `assistant serve` refuses any
non-loopback address until the municipality's identity provider is configured.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from assistant.errors import ConfigError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.service.auth import AuthConfig, Principal


LOCAL_ID = "local"


def local_principal() -> Principal:
    from assistant.service.auth import Principal

    return Principal(id=LOCAL_ID, role="admin", local=True)


def auth_config(settings: Settings) -> AuthConfig | None:
    """The OIDC settings, None in local mode; half a configuration is an error, never local mode."""
    if not settings.auth_enabled:
        return None
    from assistant.service.auth import AuthConfig

    missing = [
        name
        for name, value in (
            ("ASSISTANT_AUTH_ISSUER", settings.auth_issuer),
            ("ASSISTANT_AUTH_AUDIENCE", settings.auth_audience),
        )
        if not value
    ]
    if not (settings.auth_jwks_url or settings.auth_jwks_file):
        missing.append("ASSISTANT_AUTH_JWKS_URL eller ASSISTANT_AUTH_JWKS_FILE")
    if missing:
        raise ConfigError("Login (OIDC) er kun delvist sat op; mangler: " + ", ".join(missing) + ".")
    bad = {k: v for k, v in settings.auth_role_map.items() if v not in ("caseworker", "citizen", "admin")}
    if bad:
        raise ConfigError(f"ASSISTANT_AUTH_ROLE_MAP må kun pege på caseworker, citizen eller admin (fik {bad}).")
    assert settings.auth_issuer and settings.auth_audience  # checked above: `missing` would name them
    return AuthConfig(
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        jwks_url=settings.auth_jwks_url,
        jwks_file=settings.auth_jwks_file,
        role_claim=settings.auth_role_claim,
        role_map=dict(settings.auth_role_map),
    )


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> None:
    """Refuse to expose local mode (no login) on anything but loopback."""
    auth_config(settings)  # a half configuration fails here, before anything listens
    if not settings.auth_enabled and not is_loopback(host):
        raise ConfigError(
            f"Tjenesten kører uden login (lokal tilstand) og må kun lytte på 127.0.0.1 eller localhost, ikke {host}. "
            "Sæt ASSISTANT_AUTH_ISSUER, ASSISTANT_AUTH_AUDIENCE og ASSISTANT_AUTH_JWKS_URL (eller "
            "ASSISTANT_AUTH_JWKS_FILE) for kommunens single sign-on for at lytte på andre adresser."
        )
