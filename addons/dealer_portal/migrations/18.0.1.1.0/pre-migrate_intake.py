"""The email and WhatsApp intake leaves dealer_portal for dealer_order_intake.

Before dealer_portal's new code is loaded, the external ids of what moved
are handed to dealer_order_intake. Otherwise the end of the upgrade would
delete them as records dealer_portal no longer declares: the intake table,
the users' order emails and WhatsApp numbers, the settings, the alias and
the cron would be dropped. The new addon is then loaded in the same run as
an upgrade of what was installed, so its records are updated in place and
the ones marked noupdate (the mail alias) keep the administrator's changes.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

NEW_MODULE = "dealer_order_intake"

# Every record of the model itself: the model, its fields and their
# selection values, its constraint and its mail.thread inheritance.
MOVED_PATTERNS = [
    "model_dealer_order_intake",
    "model_inherit\\_\\_dealer_order_intake\\_\\_%",
    "field_dealer_order_intake\\_\\_%",
    "selection\\_\\_dealer_order_intake\\_\\_%",
    "constraint_dealer_order_intake\\_%",
]

MOVED_NAMES = [
    # fields the intake adds to other models
    "field_res_company__dealer_intake_relay_authserv_id",
    "field_res_config_settings__dealer_intake_relay_authserv_id",
    "field_res_config_settings__dealer_whatsapp_access_token",
    "field_res_config_settings__dealer_whatsapp_app_secret",
    "field_res_config_settings__dealer_whatsapp_phone_number_id",
    "field_res_config_settings__dealer_whatsapp_verify_token",
    "field_res_partner__dealer_order_email",
    "field_res_partner__dealer_whatsapp_e164",
    "field_res_partner__dealer_whatsapp_number",
    "field_res_users__dealer_order_email",
    "field_res_users__dealer_order_email_normalized",
    "field_res_users__dealer_whatsapp_e164",
    "field_res_users__dealer_whatsapp_number",
    # security
    "access_dealer_order_intake_manager",
    "access_dealer_order_intake_user",
    "dealer_order_intake_rule_company",
    # views, action, menu, data
    "dealer_order_intake_view_form",
    "dealer_order_intake_view_list",
    "dealer_order_intake_view_search",
    "dealer_order_intake_action",
    "dealer_order_intake_menu",
    "dealer_intake_confirm",
    "mail_alias_dealer_orders",
    "ir_cron_dealer_intake_expire",
    "ir_cron_dealer_intake_expire_ir_actions_server",
]

# Inherited views that take the <original>_inherit_<module> name on the way.
# The portal's settings view showed the intake's settings: the record goes to
# the intake (its arch is rewritten there) and dealer_portal creates a new
# one for its own setting. Kept by the portal, the old arch would name the
# intake's settings fields, gone from the portal, while the portal's other
# settings views are checked.
RENAMED = {
    "view_partner_form_intake_identity": "view_partner_form_inherit_dealer_order_intake",
    "view_users_form_intake_identity": "view_users_form_inherit_dealer_order_intake",
    "res_config_settings_view_form": "res_config_settings_view_form_inherit_dealer_order_intake",
}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data imd
               SET module = %(new)s
             WHERE imd.module = 'dealer_portal'
               AND (imd.name = ANY(%(names)s) OR imd.name LIKE ANY(%(patterns)s))
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data other WHERE other.module = %(new)s AND other.name = imd.name
               )
            """,
            new=NEW_MODULE,
            names=MOVED_NAMES,
            patterns=MOVED_PATTERNS,
        )
    )
    moved = cr.rowcount
    for old_name, new_name in RENAMED.items():
        cr.execute(
            SQL(
                """
                UPDATE ir_model_data imd
                   SET module = %(new)s, name = %(new_name)s
                 WHERE imd.module = 'dealer_portal'
                   AND imd.name = %(old_name)s
                   AND NOT EXISTS (
                       SELECT 1 FROM ir_model_data other WHERE other.module = %(new)s AND other.name = %(new_name)s
                   )
                """,
                new=NEW_MODULE,
                old_name=old_name,
                new_name=new_name,
            )
        )
        moved += cr.rowcount
    # The new addon is auto_install, but Odoo only auto-installs with a
    # dependency being installed, not upgraded: load it in this run.
    cr.execute(
        SQL(
            """
            UPDATE ir_module_module new
               SET state = 'to upgrade', demo = portal.demo
              FROM ir_module_module portal
             WHERE new.name = %(new)s AND new.state = 'uninstalled' AND portal.name = 'dealer_portal'
            """,
            new=NEW_MODULE,
        )
    )
    _logger.info("%s external ids moved to %s; loaded in this upgrade: %s", moved, NEW_MODULE, bool(cr.rowcount))
