"""CRM Copilot: grounded drafts for customer relationships, held for human approval."""

__version__ = "0.1.0"
