"""The one error the challenge raises on bad input: a message for the person, an HTTP status."""
from __future__ import annotations


class ChallengeError(Exception):
    """Refused: ``message`` says what was expected and what came; ``status`` is the HTTP code."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
