"""The one settings class. Nothing else in the project reads os.environ."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path | None:
    shared = PROJECT_ROOT.parent / "shared" / "data"
    return shared if shared.is_dir() else None


class Settings(BaseSettings):
    """Read from the environment (and a git-ignored `.env`, if present)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Neo4j. With neo4j_uri unset, the project's managed local Neo4j is used.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"

    # The managed local Neo4j (see graph/local_neo4j.py).
    lermap_neo4j_home: Path = PROJECT_ROOT / ".neo4j"
    lermap_neo4j_port: int = 7687
    lermap_neo4j_instance: str = "dev"
    java_home: Path | None = None

    # HTTP.
    host: str = "127.0.0.1"
    port: int = 8000
    environment: Literal["development", "production"] = "development"

    # Public data sets imported by `make run` (ESCO, O*NET, the map, DCC registry).
    lermap_data_dir: Path | None = Field(default_factory=_default_data_dir)

    # `extensions.roundtrips` in every response; unset: on in development only.
    report_roundtrips: bool | None = None

    # Per-request limits.
    request_timeout_s: float = 10.0
    max_body_bytes: int = 1_000_000
    max_page_size: int = 100
    max_entities_batch: int = 500
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_query_cost: int = 20_000
    max_mutations_per_request: int = 10

    # registerStakeholder: at most this many per client (IP) per window.
    register_rate_limit: int = 10
    register_rate_window_s: float = 3600.0

    # Domain verification: where the token file is fetched from ({host}: the website's
    # host), and whether private/loopback addresses may be fetched (tests only).
    domain_verification_url: str = "https://{host}/.well-known/ler-map-verification.txt"
    domain_verification_allow_private: bool = False
    domain_verification_timeout_s: float = 5.0
    domain_verification_max_bytes: int = 4096

    @property
    def reports_roundtrips(self) -> bool:
        if self.report_roundtrips is not None:
            return self.report_roundtrips
        return self.environment == "development"

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None
