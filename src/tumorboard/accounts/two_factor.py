"""TOTP second factor (django-otp) for the clinical roles, enforced by TUMORBOARD_REQUIRE_2FA."""

from __future__ import annotations

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tumorboard.accounts import access, audit
from tumorboard.accounts.models import Role

TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.CLINICIAN, Role.ADMIN, Role.AUDITOR})


def is_verified(user: User | AnonymousUser) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_factor(user: User | AnonymousUser) -> bool:
    """A signed-in user whose role needs a TOTP code and who has not given one yet."""
    if not settings.TUMORBOARD_REQUIRE_2FA or not user.is_authenticated:
        return False
    if not (access.has_role(user, TWO_FACTOR_ROLES) or user.is_superuser):
        return False
    return not is_verified(user)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))


@transaction.atomic
def do_start_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed device (one at a time), made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def do_verify_code(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Checks the code (django-otp throttles repeated failures); marks the session verified."""
    user = request.user
    if not device.verify_token(code.strip()):
        audit.record(user=user, action="login_failed", object_type="otp_device",
                     object_id=device.pk, request=request, detail={"step": "totp"})
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit.record(user=user, action="create", object_type="otp_device",
                     object_id=device.pk, request=request)
    otp_login(request, device)
    return True


def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrolment (secret and otpauth URI) on first use, then the code step after password."""
    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if device is None:
        device = do_start_enrolment(user)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        target = settings.LOGIN_REDIRECT_URL
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if do_verify_code(request, device, form.cleaned_data["code"]):
            return redirect(target)
        form.add_error("code", _("That code is wrong or has expired. Try the current one."))
    context = {"form": form, "enrolling": enrolling, "next": target}
    if enrolling:
        context["secret"] = b32encode(device.bin_key).decode()
        context["otpauth_uri"] = device.config_url
    return render(request, "accounts/two_factor.html", context,
                  status=400 if form.errors else 200)
