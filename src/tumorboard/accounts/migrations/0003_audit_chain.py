"""Hash-chain the audit trail (see accounts/audit_chain.py) and refuse TRUNCATE on it.

Existing rows are chained in id order. The append-only triggers are dropped while the new
columns are filled and put back afterwards, with a statement-level BEFORE TRUNCATE trigger
on PostgreSQL (TRUNCATE fires no row triggers).
"""

from typing import Any

import django.utils.timezone
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from tumorboard.accounts import audit_chain

TABLE = "accounts_auditevent"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;""",
    f"""CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;""",
]
POSTGRES_ROW_TRIGGER = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit trail is append-only'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();""",
]
POSTGRES_TRUNCATE_TRIGGER = [
    f"""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();""",
]
BATCH = 1000


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, ["DROP TRIGGER IF EXISTS audit_no_update",
                             "DROP TRIGGER IF EXISTS audit_no_delete"])
    elif vendor == "postgresql":
        _run(schema_editor, [f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
                             f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}"])


def install_row_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_TRIGGERS,
                         "postgresql": POSTGRES_ROW_TRIGGER}.get(vendor, []))


def install_all_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    install_row_triggers(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_TRUNCATE_TRIGGER)


def chain_existing(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    events = apps.get_model("accounts", "AuditEvent").objects.using(
        schema_editor.connection.alias)
    columns = [name for name in audit_chain.HASHED_FIELDS if name not in ("seq", "prev_hash")]
    head, last_id = audit_chain.Head(), 0
    while True:
        rows: list[dict[str, Any]] = list(
            events.filter(id__gt=last_id).order_by("id").values("id", *columns)[:BATCH])
        if not rows:
            return
        head = audit_chain.seal(rows, head)
        for row in rows:
            events.filter(id=row["id"]).update(
                seq=row["seq"], prev_hash=row["prev_hash"], hash=row["hash"])
        last_id = rows[-1]["id"]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_append_only")]

    operations = [
        migrations.RunPython(drop_triggers, install_row_triggers),
        migrations.AddField("auditevent", "seq",
                            models.BigIntegerField(editable=False, null=True)),
        migrations.AddField("auditevent", "prev_hash",
                            models.CharField(editable=False, max_length=64, default="")),
        migrations.AddField("auditevent", "hash",
                            models.CharField(editable=False, max_length=64, default="")),
        migrations.AlterField(
            "auditevent", "at",
            models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
        migrations.AlterField(
            "auditevent", "action",
            models.CharField(choices=[
                ("view", "viewed"), ("create", "created"), ("update", "changed"),
                ("delete", "deleted"), ("search", "searched"), ("export", "exported"),
                ("login", "logged in"), ("login_failed", "failed to log in"),
                ("logout", "logged out"), ("refused", "was refused access"),
                ("user_create", "created a user"),
                ("role_change", "changed a role or site membership"),
                ("token_issue", "issued an API token"),
                ("token_revoke", "revoked an API token"),
            ], db_index=True, max_length=20)),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField("auditevent", "seq",
                              models.BigIntegerField(editable=False, unique=True)),
        migrations.AlterField("auditevent", "prev_hash",
                              models.CharField(editable=False, max_length=64)),
        migrations.AlterField("auditevent", "hash",
                              models.CharField(editable=False, max_length=64)),
        migrations.RunPython(install_all_triggers, drop_triggers),
    ]
