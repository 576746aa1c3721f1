"""Prompt templates shipped as files; see copilot.prompting for the loader."""
