"""Writes of sites and departments (the command line and the admin pages). Each ``do_*``
is atomic, validates before writing (errors name the field) and is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Department, Site
from tumorboard.patients.validation import InvalidInput

SITE_FIELDS = ("code", "name", "city", "network", "time_zone", "offers_sphincter_preservation")
DEPARTMENT_FIELDS = ("name", "beds")


def _require_admin(user: AnyUser | None) -> None:
    """Sites are the network's structure: the command line or an admin changes them."""
    if door.is_command_line(user):
        return
    if door.role_of(user) != "admin":
        raise PermissionDenied(_("Only an administrator may change sites."))


def _validate(obj: Site | Department, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput({"site" if field == "__all__" else field: " ".join(messages)}) \
            from None


def site_values(site: Site) -> dict[str, Any]:
    return {name: getattr(site, name) for name in SITE_FIELDS}


@transaction.atomic
def do_save_site(user: AnyUser | None, values: dict[str, Any], site: Site | None = None,
                 request: HttpRequest | None = None) -> Site:
    """Create a site (``site`` None) or change one; audited with before and after."""
    _require_admin(user)
    before = site_values(site) if site is not None else {}
    if site is not None and "code" in values and values["code"] != site.code:
        raise InvalidInput({"code": _("A site's code cannot change.")})
    target = site or Site()
    for name in SITE_FIELDS:
        if name in values and values[name] is not None:
            setattr(target, name, values[name].strip() if isinstance(values[name], str)
                    else values[name])
    if not target.code:
        raise InvalidInput({"code": _("Give the site a code.")})
    if not target.name:
        raise InvalidInput({"name": _("Give the site a name.")})
    _validate(target, exclude=[])
    target.save()
    after = site_values(target)
    changes = {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}
    audit.record(user=user, action="create" if site is None else "update", object_type="site",
                 object_id=target.external_id, site_id=target.pk, request=request,
                 detail={"code": target.code, "changes": changes})
    return target


@transaction.atomic
def do_save_department(user: AnyUser | None, site: Site, values: dict[str, Any],
                       department: Department | None = None,
                       request: HttpRequest | None = None) -> Department:
    """Create or change a department (with its beds) of ``site``; audited."""
    _require_admin(user)
    if not door.is_command_line(user):
        door.require_site(user, site.pk)
    before = {n: getattr(department, n) for n in DEPARTMENT_FIELDS} if department else {}
    target = department or Department(site=site)
    if target.site_id != site.pk:
        raise InvalidInput({"site": _("A department cannot move to another site.")})
    for name in DEPARTMENT_FIELDS:
        if name in values and values[name] is not None:
            setattr(target, name, values[name])
    if not str(target.name).strip():
        raise InvalidInput({"name": _("Give the department a name.")})
    beds = target.beds
    if not isinstance(beds, int) or isinstance(beds, bool) or not 0 <= beds <= 5000:
        raise InvalidInput({"beds": _("Give the number of beds, from 0 to 5000.")})
    _validate(target, exclude=["site"])
    target.save()
    after = {n: getattr(target, n) for n in DEPARTMENT_FIELDS}
    audit.record(user=user, action="create" if department is None else "update",
                 object_type="department", object_id=target.external_id, site_id=site.pk,
                 request=request, detail={"changes": {k: [before.get(k), after[k]]
                                                      for k in after
                                                      if before.get(k) != after[k]}})
    return target


def site_list() -> list[dict[str, Any]]:
    """Every site as plain data (``tumorboard site list``)."""
    return [{"code": s.code, "name": s.name, "city": s.city, "network": s.network,
             "time_zone": s.time_zone,
             "offers_sphincter_preservation": s.offers_sphincter_preservation,
             "departments": [{"name": d.name, "beds": d.beds} for d in s.departments.all()]}
            for s in Site.objects.prefetch_related("departments").order_by("code")]
