"""Showing domain errors on the form the user submitted, so nothing they typed is lost."""

from django import forms

from ptp.core.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Attaches a service's refusal to the field it concerns, or to the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
