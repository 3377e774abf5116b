"""The form an administrator fills in to create or change a staff account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tumorboard.accounts.models import Profile, Role, Specialty, Title
from tumorboard.network.models import Site


class SiteChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class StaffForm(forms.Form):
    username = forms.CharField(label=_("user name for signing in"), max_length=150)
    password = forms.CharField(label=_("initial password"), widget=forms.PasswordInput,
                               help_text=_("Give it to the person in confidence; they change "
                                           "it after signing in."))
    first_name = forms.CharField(label=_("given name"), max_length=150)
    last_name = forms.CharField(label=_("family name"), max_length=150)
    email = forms.EmailField(label=_("email"), required=False)
    title = forms.ChoiceField(label=_("professional title"), choices=Title.choices,
                              required=False)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    specialty = forms.ChoiceField(label=_("specialty"), choices=Specialty.choices,
                                  required=False)
    sites = SiteChoices(label=_("sites"), queryset=Site.objects.none(),
                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, sites: QuerySet[Site], profile: Profile | None = None,
                 **kwargs: Any) -> None:
        if profile is not None:
            user = profile.user
            kwargs.setdefault("initial", {
                "first_name": user.first_name, "last_name": user.last_name,
                "email": user.email, "title": profile.title, "role": profile.role,
                "specialty": profile.specialty, "sites": list(profile.sites.all())})
        super().__init__(*args, **kwargs)
        self.profile = profile
        sites_field = self.fields["sites"]
        assert isinstance(sites_field, forms.ModelMultipleChoiceField)
        sites_field.queryset = sites
        if profile is not None:  # the sign-in name and password are the person's own
            del self.fields["username"], self.fields["password"]

    def clean_username(self) -> str:
        name = str(self.cleaned_data["username"]).strip()
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "password" in self.fields and cleaned.get("password"):
            try:
                validate_password(cleaned["password"], User(
                    username=cleaned.get("username", ""), first_name=cleaned.get(
                        "first_name", ""), last_name=cleaned.get("last_name", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
