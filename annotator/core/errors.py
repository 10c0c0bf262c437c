"""Errors the user can act on: each carries a message fit to show as it is."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error whose message is meant for the user."""


class SchemeError(AnnotatorError):
    """The label scheme is inconsistent (duplicate key, reserved key, unknown layer...)."""


class SpanError(AnnotatorError):
    """A span does not fit its document (offsets outside the text, empty span...)."""
