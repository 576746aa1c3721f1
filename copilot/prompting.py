"""Prompts are files in `prompts/`; this module loads and renders them and nothing else builds prompts."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from copilot.errors import ConfigError, InvalidInputError

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class PromptTemplate:
    """A named, versioned pair of system and user templates."""

    name: str
    version: str
    system: str
    user: str

    def render(self, **variables: str) -> tuple[str, str]:
        """Fill both templates; a missing variable is an error that names it."""
        try:
            return Template(self.system).substitute(variables), Template(self.user).substitute(variables)
        except KeyError as exc:
            raise InvalidInputError(f"prompt {self.name}: missing variable {exc.args[0]!r}") from exc

    @property
    def hash(self) -> str:
        """A short fingerprint of the template text, recorded with every model call."""
        digest = hashlib.sha256(f"{self.system}\x00{self.user}".encode()).hexdigest()
        return digest[:16]


@lru_cache(maxsize=32)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    """Read `prompts/<name>.toml`; fails loudly when the file or a key is missing."""
    path = directory / f"{name}.toml"
    if not path.is_file():
        raise ConfigError("prompts", f"no prompt file {path}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [key for key in ("name", "version", "system", "user") if key not in data]
    if missing:
        raise ConfigError("prompts", f"{path} lacks {', '.join(missing)}")
    return PromptTemplate(
        name=data["name"], version=str(data["version"]), system=data["system"], user=data["user"]
    )
