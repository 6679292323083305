# Who sets the addresses that email and WhatsApp orders are matched on: the
# back office, never the portal user (``/my/account`` edits the contact's own
# name, email and phone, which therefore prove nothing).
INTAKE_IDENTITY_GROUPS = "sales_team.group_sale_manager,base.group_erp_manager"
