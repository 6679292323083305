from odoo import models

# Document type key -> the roles that always see it.
DOCUMENT_ROLES = {
    "invoice": {"finance", "admin"},
    "credit_note": {"finance", "admin"},
    "delivery": {"warehouse", "admin"},
}
# Company setting of the order desk -> the document types it opens.
ORDER_DESK_DOCUMENTS = {
    "none": set(),
    "delivery": {"delivery"},
    "invoice": {"invoice", "credit_note"},
    "all": {"invoice", "credit_note", "delivery"},
}


class ResUsers(models.Model):
    _inherit = "res.users"

    def _is_dealer_portal_user(self):
        """True for a portal user of a dealer company: the only users the
        dealer role restrictions apply to. Other portal customers keep the
        native portal untouched. Same predicate as ordering
        (``_dealer_commercial_partner``)."""
        self.ensure_one()
        return bool(self._dealer_commercial_partner())

    def _dealer_hides_prices(self):
        """True for a dealer's portal user whose roles show no prices
        (warehouse only): the price and amount fields of orders, order lines
        and attempts are then unreadable, whatever the route or RPC call."""
        self.ensure_one()
        return bool(self.share) and self._is_dealer_portal_user() and not self._dealer_sees_prices()

    def _dealer_may_open(self, document_sudo):
        """False when this user is a dealer's portal user and
        ``document_sudo`` (an order, invoice or any record with a partner)
        belongs to another company: tokens travel in forwarded emails, and a
        dealer user must never land in a competitor's account."""
        self.ensure_one()
        if not document_sudo or not self._is_dealer_portal_user():
            return True
        if "commercial_partner_id" in document_sudo._fields:
            owners = document_sudo.mapped("commercial_partner_id")
        elif "partner_id" in document_sudo._fields:
            owners = document_sudo.mapped("partner_id.commercial_partner_id")
        else:
            return True
        return owners == self.partner_id.commercial_partner_id

    def _dealer_document_types(self):
        """Document types (``invoice``, ``credit_note``, ``delivery``) this
        user may see on the portal. Finance/admin: invoices and credit notes;
        warehouse/admin: delivery notes; order desk: what its company chose
        (``res.company.dealer_order_desk_documents``). Non-dealer users keep
        every type, as in native Odoo."""
        self.ensure_one()
        if not self._is_dealer_portal_user():
            return set(DOCUMENT_ROLES)
        roles = self._dealer_roles()
        types = {doc for doc, doc_roles in DOCUMENT_ROLES.items() if roles & doc_roles}
        if "order_desk" in roles:
            types |= ORDER_DESK_DOCUMENTS[self.env.company.dealer_order_desk_documents or "none"]
        return types

    def _dealer_sees_prices(self):
        """Warehouse-only users of a dealer see quantities and tracking but no
        prices or totals."""
        self.ensure_one()
        if not self._is_dealer_portal_user():
            return True
        return bool(self._dealer_roles() & {"order_desk", "finance", "admin"})

    def _dealer_sees_orders(self):
        self.ensure_one()
        return not self._is_dealer_portal_user() or bool(self._dealer_roles())

    def _dealer_sees_account(self):
        """The credit and account page: finance and dealer administrators."""
        self.ensure_one()
        if not self.share:
            return True
        return self._is_dealer_portal_user() and bool(self._dealer_roles() & {"finance", "admin"})

    def _dealer_document_tabs(self):
        """Ordered {type: label} of the document tabs this user may open."""
        self.ensure_one()
        _ = self.env._
        labels = {
            "invoice": _("Invoices"),
            "credit_note": _("Credit Notes"),
            "delivery": _("Delivery Notes"),
        }
        types = self._dealer_document_types()
        return {key: label for key, label in labels.items() if key in types}
