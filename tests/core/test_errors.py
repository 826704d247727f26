"""Domain errors reach the user: on the form field they concern, or as 409/422 from the API."""

import json

from django import forms
from django.test import RequestFactory

from config.api import domain_error
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.forms import add_domain_error


class _Form(forms.Form):
    left_on = forms.DateField()


def test_an_error_for_a_field_of_the_form_goes_on_that_field():
    form = _Form({"left_on": "2024-01-01"})
    form.is_valid()

    add_domain_error(form, InvalidInputError("Data sbagliata.", field="left_on"))

    assert form.errors == {"left_on": ["Data sbagliata."]}


def test_an_error_for_another_field_goes_on_the_whole_form():
    form = _Form({"left_on": "2024-01-01"})
    form.is_valid()

    add_domain_error(form, ConflictError("Conflitto.", field="not_in_this_form"))

    assert form.non_field_errors() == ["Conflitto."]


def test_the_api_answers_409_for_conflicts_and_422_for_invalid_input():
    request = RequestFactory().get("/api/v1/poli")

    conflict = domain_error(request, ConflictError("Già capofila.", field="role"))
    invalid = domain_error(request, InvalidInputError("Data sbagliata."))

    assert conflict.status_code == 409
    assert json.loads(conflict.content) == {"detail": "Già capofila.", "field": "role"}
    assert invalid.status_code == 422
    assert json.loads(invalid.content) == {"detail": "Data sbagliata.", "field": None}
