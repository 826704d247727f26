"""Domain errors: services raise them, views show them as form errors, the API as 409/422."""


class DomainError(Exception):
    """A business rule refused the operation; the message is Italian and meant for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """The operation clashes with the current state (e.g. a hub already has an active lead)."""


class InvalidInputError(DomainError):
    """The input is well-formed but not acceptable (e.g. a leaving date before the joining date)."""
