"""The error summary links each error to its field; pagination keeps the page's filters."""

from __future__ import annotations

import re

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from vigil.web.forms import GovukDateInput


class ReferralForm(forms.Form):
    child = forms.CharField()
    route = forms.ChoiceField(
        choices=[("mash", "MASH"), ("police", "Police")], widget=forms.RadioSelect
    )
    seen_on = forms.DateField(widget=GovukDateInput)
    credential = forms.CharField(widget=forms.HiddenInput)

    def clean(self) -> dict:
        raise forms.ValidationError("Someone else changed this referral")


def summary_for(form: forms.Form) -> str:
    return render_to_string("govuk/error_summary.html", {"form": form})


def test_nothing_when_the_form_has_no_errors() -> None:
    assert summary_for(ReferralForm()).strip() == ""
    assert summary_for(ReferralForm(data={})).strip() != ""


def test_each_error_links_to_its_field() -> None:
    form = ReferralForm(data={})
    form.is_valid()
    html = summary_for(form)
    assert 'data-module="govuk-error-summary"' in html
    assert '<div role="alert">' in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    hrefs = re.findall(r'<a href="#([^"]+)">', html)
    # The input for a text field; the first radio and the day box of a date.
    assert hrefs == ["id_child", "id_child", "id_route_0", "id_seen_on_0"]
    assert '<a href="#id_child">Someone else changed this referral</a>' in html


def test_the_ids_linked_to_exist_in_the_form() -> None:
    form = ReferralForm(data={})
    form.is_valid()
    rendered = str(form)
    for target in re.findall(r'<a href="#([^"]+)">', summary_for(form)):
        assert f'id="{target}"' in rendered


def test_errors_of_hidden_fields_are_listed_without_a_link() -> None:
    form = ReferralForm(
        data={
            "child": "x",
            "route": "mash",
            "seen_on_day": "1",
            "seen_on_month": "2",
            "seen_on_year": "2026",
        }
    )
    form.is_valid()
    html = summary_for(form)
    assert "<li>This field is required.</li>" in html


def page_html(number: int, query: str = "q=smith&status=open", count: int = 200) -> str:
    page = Paginator(list(range(count)), 10).page(number)
    request = RequestFactory().get(f"/children/?{query}&page={number}")
    return render_to_string("govuk/pagination.html", {"page": page, "request": request})


def test_pagination_keeps_other_parameters_and_marks_the_current_page() -> None:
    html = page_html(7)
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in html
    assert 'href="?q=smith&amp;status=open&amp;page=6" rel="prev"' in html
    assert 'href="?q=smith&amp;status=open&amp;page=8" rel="next"' in html
    assert re.search(r'page=7" aria-label="Page 7" aria-current="page">7</a>', html)
    assert "govuk-pagination__item--ellipsis" in html
    assert 'aria-label="Page 20"' in html


def test_no_previous_on_the_first_page_and_no_next_on_the_last() -> None:
    assert 'rel="prev"' not in page_html(1)
    assert 'rel="next"' not in page_html(20)


def test_no_pagination_for_a_single_page() -> None:
    assert page_html(1, count=5).strip() == ""
