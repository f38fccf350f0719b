"""The child's file pages' forms; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from vigil.accounts.models import Organisation, OrganisationKind
from vigil.children.models import (
    Child,
    ChronologyEntry,
    EntryKind,
    LawfulBasis,
)
from vigil.children.services import IDENTITY_FIELDS
from vigil.web.forms import GovukDateInput


class ChildForm(forms.ModelForm):
    """Given a copy of the child: the form only checks input, `child_update` saves."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Child
        fields = list(IDENTITY_FIELDS)
        widgets = {
            "date_of_birth": GovukDateInput,
            "gender": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"looked_after_basis": "Looked after: legal basis"}


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show", choices=[("", "All entries"), *EntryKind.choices], required=False
    )


class CorrectionForm(forms.Form):
    correction = forms.CharField(
        label="What was wrong, and what is right?",
        help_text="The original entry stays as it was; your correction is added beside it.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ShareForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label="Share with",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
    )
    entries = forms.ModelMultipleChoiceField(
        label="Entries to share",
        queryset=ChronologyEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=LawfulBasis.choices,
        initial=LawfulBasis.PUBLIC_TASK,
        widget=forms.RadioSelect,
        help_text="Safeguarding a child is a public task; consent is not the basis for sharing.",
    )
    reason = forms.CharField(
        label="Why does the other organisation need this?",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, child: Child, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(is_active=True)
            .exclude(pk=child.organisation_id)
            .exclude(kind=OrganisationKind.PARTNERSHIP)
            .order_by("name")
        )
        entries = self.fields["entries"]
        entries.queryset = child.entries.order_by("occurred_at", "position")  # type: ignore[attr-defined]
        entries.label_from_instance = lambda e: f"{e.occurred_at:%d %b %Y}: {e.title}"  # type: ignore[attr-defined]

    def share_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**data, "entries": list(data["entries"])}
