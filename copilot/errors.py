"""The domain error hierarchy; the API maps these to HTTP statuses in one place."""

from __future__ import annotations


class CopilotError(Exception):
    """Base of every error the copilot raises on purpose."""

    code = "copilot_error"
    http_status = 500


class ConfigError(CopilotError):
    """A setting is wrong or a configured service cannot be reached."""

    code = "config_error"
    http_status = 500

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting
        self.message = message


class NotFoundError(CopilotError):
    """An id names nothing the caller may see."""

    code = "not_found"
    http_status = 404


class InvalidInputError(CopilotError):
    """Input was malformed; the message names the field or file."""

    code = "invalid_input"
    http_status = 422


class PolicyRefusal(CopilotError):  # noqa: N818 - a refusal is an outcome, not a fault
    """Contact policy forbids the request (do-not-contact, opted out)."""

    code = "policy_refusal"
    http_status = 409


class ConflictError(CopilotError):
    """The request conflicts with the current state (stale version, wrong status)."""

    code = "conflict"
    http_status = 409


class PermissionDeniedError(CopilotError):
    """The caller's role may not do this."""

    code = "forbidden"
    http_status = 403


class ModelError(CopilotError):
    """The chat model failed or returned output that does not fit the schema."""

    code = "model_error"
    http_status = 502


class ModelOutputError(ModelError):
    """The model answered, but its output does not fit the schema (cut off, not JSON, wrong fields)."""

    code = "model_output_error"


class ServiceUnavailableError(CopilotError):
    """A backing service (database, vector store) is down."""

    code = "service_unavailable"
    http_status = 503
