"""Where a run happened: CPU, RAM, Python, the model and the prompt versions."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

from copilot.config import Settings
from copilot.prompting import PROMPTS_DIR, load_prompt


def _cpu_model(cpuinfo: Path) -> str:
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb(meminfo: Path) -> float | None:
    try:
        for line in meminfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def machine_info(proc: Path = Path("/proc")) -> dict[str, Any]:
    """CPU count and model, RAM in GiB, OS and Python version."""
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(proc / "cpuinfo"),
        "ram_gb": _ram_gb(proc / "meminfo"),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def model_info(settings: Settings) -> dict[str, Any]:
    """Which chat model answered (provider, name, model file) and its decoding settings."""
    path = settings.model_path
    if settings.llm_provider == "embedded":
        try:
            path = settings.resolved_model_path()
        except Exception:
            path = None
    return {
        "provider": settings.llm_provider,
        "name": settings.llm_model,
        "file": path.name if path else None,
        "base_url": settings.llm_base_url,
        "temperature": settings.llm_temperature,
        "max_output_tokens": settings.llm_max_output_tokens,
    }


def prompt_versions(extra_dirs: tuple[Path, ...] = ()) -> dict[str, str]:
    """name -> version@hash of every prompt file the product and the evals use."""
    found: dict[str, str] = {}
    for directory in (PROMPTS_DIR, *extra_dirs):
        for path in sorted(directory.glob("*.toml")):
            prompt = load_prompt(path.stem, directory)
            found[prompt.name] = f"{prompt.version}@{prompt.hash}"
    return found
