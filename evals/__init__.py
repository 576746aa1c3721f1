"""Evaluation harness for quality and safety."""
