from odoo import models


class DealerBrandMixin(models.AbstractModel):
    """Documents that speak for a division: their emails carry the division's
    brand (logo, name, colour, footer) and sender, their PDFs its header.

    A mail.thread model mixes this in FIRST in its ``_inherit`` (so these
    hooks wrap the model's own) and implements ``_dealer_brand_division``.
    Without a division the documents stay the company's, as in Odoo."""

    _name = "dealer.brand.mixin"
    _description = "Dealer Division Brand on Documents"

    def _dealer_brand_division(self):
        """Return the dealer.division (sudo, at most one) whose brand this
        document carries, or an empty recordset for the company's brand.
        Override in the model that mixes this in."""
        return self.env["dealer.division"]

    def _notify_by_email_prepare_rendering_context(
        self, message, msg_vals=False, model_description=False, force_email_company=False, force_email_lang=False
    ):
        render_context = super()._notify_by_email_prepare_rendering_context(
            message,
            msg_vals=msg_vals,
            model_description=model_description,
            force_email_company=force_email_company,
            force_email_lang=force_email_lang,
        )
        division = self._dealer_brand_division() if len(self) == 1 else self.env["dealer.division"]
        render_context["dealer_brand"] = division
        return render_context

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        author_id, email_from = super()._message_compute_author(author_id, email_from, raise_on_email=raise_on_email)
        if len(self) != 1:
            return author_id, email_from
        division = self._dealer_brand_division()
        if division.email_from and self.env["dealer.division"]._dealer_brand_speaks_for(author_id):
            email_from = division.email_from
        return author_id, email_from
