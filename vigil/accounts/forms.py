"""Forms for administering people and organisations, and for a person's own tokens."""

from __future__ import annotations

from typing import Any

from django import forms

from vigil.accounts import policy
from vigil.accounts.models import Organisation, OrganisationKind, Person, Role
from vigil.accounts.tokens import DEFAULT_DAYS, LONGEST_DAYS


class VersionedForm(forms.Form):
    """Carries the version of the record the edit started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class OrganisationForm(VersionedForm):
    name = forms.CharField(max_length=200, label="Name")
    kind = forms.ChoiceField(
        choices=OrganisationKind.choices, label="Kind of organisation", widget=forms.RadioSelect
    )
    dfe_number = forms.CharField(
        max_length=7,
        required=False,
        label="DfE number",
        help_text="Schools only: 7 digits, the local authority code and the school's number.",
    )
    provides_return_interviews = forms.BooleanField(
        required=False, label="Provides independent return home interviews"
    )
    around_the_clock = forms.BooleanField(
        required=False,
        label="Works around the clock, every day (for example an emergency duty team)",
    )
    opening_from = forms.TimeField(
        required=False,
        label="Opens at",
        help_text="Leave both empty to use the partnership's hours. For example, 08:30.",
    )
    opening_to = forms.TimeField(required=False, label="Closes at", help_text="For example, 16:30.")

    def __init__(self, *args: Any, can_change_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_change_kind:
            del self.fields["kind"]

    def clean_dfe_number(self) -> str | None:
        value = (self.cleaned_data.get("dfe_number") or "").strip()
        if value and not (value.isdigit() and len(value) == 7):
            raise forms.ValidationError("Enter the DfE number as 7 digits, like 9999001.")
        return value or None

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()


class OrganisationCreateForm(OrganisationForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonCreateForm(forms.Form):
    full_name = forms.CharField(
        max_length=200, label="Full name", help_text="Their full name, not initials."
    )
    username = forms.RegexField(
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        label="Username",
        help_text="What they type to sign in: letters, digits and @ . + - _ only.",
        error_messages={"invalid": "Use only letters, digits and @ . + - _ in a username."},
    )
    email = forms.EmailField(
        label="Work e-mail address", help_text="We send the link to set their password here."
    )
    job_title = forms.CharField(max_length=200, required=False, label="Job title (optional)")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation",
        empty_label="Choose an organisation",
    )
    role = forms.ChoiceField(choices=Role.choices, label="Role", widget=forms.RadioSelect)

    def __init__(self, *args: Any, actor: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from vigil.accounts.selectors import organisations_for_grant

        self.fields["organisation"].queryset = organisations_for_grant(actor=actor)  # type: ignore[attr-defined]
        if not policy.is_partnership_admin(actor):
            trusted = {Role.ADMIN, *policy.PARTNERSHIP_ONLY_ROLES}
            self.fields["role"].choices = [c for c in Role.choices if c[0] not in trusted]  # type: ignore[attr-defined]


class PersonEditForm(VersionedForm):
    full_name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField(label="Work e-mail address")
    job_title = forms.CharField(max_length=200, required=False, label="Job title (optional)")


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation",
        empty_label="Choose an organisation",
    )
    role = forms.ChoiceField(choices=Role.choices, label="Role", widget=forms.RadioSelect)

    def __init__(self, *args: Any, actor: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from vigil.accounts.selectors import organisations_for_grant

        self.fields["organisation"].queryset = organisations_for_grant(actor=actor)  # type: ignore[attr-defined]


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="What is this token for?",
        help_text="For example, the name of the system that will use it.",
    )
    days = forms.IntegerField(
        min_value=1,
        max_value=LONGEST_DAYS,
        initial=DEFAULT_DAYS,
        label="Days until it expires",
        help_text=f"From 1 to {LONGEST_DAYS}. {DEFAULT_DAYS} if you are unsure.",
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why do you need to open this record now?",
        help_text="Your reason is recorded, and sent to the organisation's designated safeguarding leads and to the partnership's auditors.",
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search by name, username or e-mail")
    role = forms.ChoiceField(
        required=False, choices=[("", "Any role"), *Role.choices], label="Role"
    )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
