"""Fixtures for the FOI tests; they live in foi_fixtures so tests can import its helpers."""

from foi_fixtures import example_redacted, example_release

__all__ = ["example_redacted", "example_release"]
