"""Password rules whose messages Django does not translate into Italian."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length rule, with its message in Italian: Django 6.1 changed the message's
    placeholder and its Italian catalogue has not caught up, so users were told in English."""

    def get_error_message(self) -> str:
        return (
            ngettext(
                "Questa password è troppo corta. Deve contenere almeno %d carattere.",
                "Questa password è troppo corta. Deve contenere almeno %d caratteri.",
                self.min_length,
            )
            % self.min_length
        )
