"""Production refuses to start with an insecure default."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_production(
    *,
    production: bool,
    debug: bool,
    secret_key: str,
    insecure_key: str,
    allowed_hosts: list[str],
    national_id_salt: str,
) -> None:
    if not production:
        return
    problems = []
    if debug:
        problems.append("DEBUG must be off")
    if secret_key == insecure_key or len(secret_key) < 32:
        problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
    if not allowed_hosts or "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS must list the host names this server answers to")
    if national_id_salt == "insecure-development-salt" or len(national_id_salt) < 16:
        problems.append("NATIONAL_ID_SALT must be set to a secret of at least 16 characters")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start in production (TUMORBOARD_PRODUCTION=true): " + "; ".join(problems)
        )
