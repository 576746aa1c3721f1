"""Seeded sample CRM: a realistic book of business written as the files users export, plus an answer key."""

from copilot.sample.generate import DEFAULT_NOW, generate_sample
from copilot.sample.key import SampleSummary

__all__ = ["DEFAULT_NOW", "SampleSummary", "generate_sample"]
