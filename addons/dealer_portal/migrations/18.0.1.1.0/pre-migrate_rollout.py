"""The roll-out figures move to dealer_rollout: their xml ids follow them,
and ``dealer.status.view`` becomes ``dealer.order.status.lookup`` (model,
fields, xml ids, table). dealer_rollout is then installed in the same run,
so the KPI report, its menus and the look-ups recorded so far stay."""

from psycopg2 import sql

OLD_MODEL, NEW_MODEL = "dealer.status.view", "dealer.order.status.lookup"
OLD_TABLE, NEW_TABLE = "dealer_status_view", "dealer_order_status_lookup"
KPI_MODEL, KPI_XMLID_PART = "dealer.portal.kpi", "dealer_portal_kpi"
FROM_MODULE, TO_MODULE = "dealer_portal", "dealer_rollout"


def _renamed(name):
    return NEW_TABLE + name[len(OLD_TABLE) :] if name.startswith(OLD_TABLE) else name


def _rename_model(cr):
    cr.execute("UPDATE ir_model SET model = %s WHERE model = %s", (NEW_MODEL, OLD_MODEL))
    cr.execute("UPDATE ir_model_fields SET model = %s WHERE model = %s", (NEW_MODEL, OLD_MODEL))
    cr.execute("UPDATE ir_model_fields SET relation = %s WHERE relation = %s", (NEW_MODEL, OLD_MODEL))
    cr.execute("UPDATE ir_model_data SET model = %s WHERE model = %s", (NEW_MODEL, OLD_MODEL))
    cr.execute("UPDATE ir_ui_view SET model = %s WHERE model = %s", (NEW_MODEL, OLD_MODEL))
    cr.execute("UPDATE ir_act_window SET res_model = %s WHERE res_model = %s", (NEW_MODEL, OLD_MODEL))
    cr.execute("UPDATE ir_filters SET model_id = %s WHERE model_id = %s", (NEW_MODEL, OLD_MODEL))


def _rename_table(cr):
    """The table, its id sequence, indexes and constraints (Odoo finds its
    indexes by name: an old name would get a duplicate index)."""
    cr.execute("SELECT to_regclass(%s), to_regclass(%s)", (OLD_TABLE, NEW_TABLE))
    old, new = cr.fetchone()
    if not old or new:
        return
    cr.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(sql.Identifier(OLD_TABLE), sql.Identifier(NEW_TABLE)))
    cr.execute("SELECT to_regclass(%s)", (OLD_TABLE + "_id_seq",))
    if cr.fetchone()[0]:
        cr.execute(
            sql.SQL("ALTER SEQUENCE {} RENAME TO {}").format(
                sql.Identifier(OLD_TABLE + "_id_seq"), sql.Identifier(NEW_TABLE + "_id_seq")
            )
        )
    cr.execute(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND starts_with(c.relname, %s)",
        (NEW_TABLE, OLD_TABLE + "_"),
    )
    for (name,) in cr.fetchall():
        # Renaming a primary key's index renames the constraint too.
        cr.execute(sql.SQL("ALTER INDEX {} RENAME TO {}").format(sql.Identifier(name), sql.Identifier(_renamed(name))))
    cr.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'"
        " AND starts_with(conname, %s)",
        (NEW_TABLE, OLD_TABLE + "_"),
    )
    for (name,) in cr.fetchall():
        cr.execute(
            sql.SQL("ALTER TABLE {} RENAME CONSTRAINT {} TO {}").format(
                sql.Identifier(NEW_TABLE), sql.Identifier(name), sql.Identifier(_renamed(name))
            )
        )


def _rehome_metadata(cr):
    """xml ids and reflected constraints of both models now belong to
    dealer_rollout, under the new model's names."""
    cr.execute(
        "SELECT id, name FROM ir_model_data WHERE module = %s AND (strpos(name, %s) > 0 OR strpos(name, %s) > 0)",
        (FROM_MODULE, OLD_TABLE, KPI_XMLID_PART),
    )
    for xmlid_id, name in cr.fetchall():
        cr.execute(
            "UPDATE ir_model_data SET module = %s, name = %s WHERE id = %s",
            (TO_MODULE, name.replace(OLD_TABLE, NEW_TABLE), xmlid_id),
        )
    cr.execute("SELECT id FROM ir_module_module WHERE name = %s", (TO_MODULE,))
    row = cr.fetchone()
    if not row:
        return
    cr.execute(
        "SELECT c.id, c.name FROM ir_model_constraint c JOIN ir_model m ON m.id = c.model"
        " WHERE m.model IN %s AND c.module = (SELECT id FROM ir_module_module WHERE name = %s)",
        ((NEW_MODEL, KPI_MODEL), FROM_MODULE),
    )
    for constraint_id, name in cr.fetchall():
        cr.execute(
            "UPDATE ir_model_constraint SET name = %s, module = %s WHERE id = %s",
            (_renamed(name), row[0], constraint_id),
        )


def migrate_rollout(cr):
    cr.execute("SELECT 1 FROM ir_model WHERE model = %s", (OLD_MODEL,))
    if cr.fetchone():
        _rename_model(cr)
        _rename_table(cr)
    _rehome_metadata(cr)
    # The figures were part of the portal until now: the database keeps them.
    cr.execute(
        "UPDATE ir_module_module SET state = 'to install' WHERE name = %s AND state = 'uninstalled'", (TO_MODULE,)
    )


def migrate(cr, version):
    if version:
        migrate_rollout(cr)
