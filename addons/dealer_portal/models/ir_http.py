from odoo import models
from odoo.exceptions import AccessError
from odoo.http import request

# The dealer's own account stays open on every division's domain: a dealer
# user who lands on a division its company does not trade with still reaches
# its orders, documents and account, the sign-in pages and the way back to
# its own divisions. Every other page of the website is refused there,
# including routes added later (deny by default).
DIVISION_FREE_PATHS = ("/my", "/my/home")
DIVISION_FREE_PREFIXES = (
    "/my/account",
    "/my/security",
    "/my/documents",
    "/my/invoices",
    "/my/picking",
    "/my/orders",
    "/my/quotes",
    "/my/dealer/account",
    "/my/dealer/orders",
    "/my/dealer/users",
    "/my/dealer/disputes",
    "/dealer/division/",
    "/web/",
    "/website/translations",
)


def _division_free(path):
    path = path.rstrip("/") or "/"
    return path in DIVISION_FREE_PATHS or path.startswith(DIVISION_FREE_PREFIXES)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls, endpoint):
        """The gate of a division's domain, where every website route passes:
        a dealer user whose company does not trade with the website's
        division gets the page that says so (JSON routes: an error), never a
        catalog, a cart or a price. Account pages stay open."""
        routing = getattr(endpoint, "routing", None) or {}
        website = getattr(request, "website", None) if routing.get("website") else None
        if website and not _division_free(request.httprequest.path):
            refusal = website._dealer_division_refusal()
            if refusal:
                if routing.get("type") == "json":
                    raise AccessError(refusal["message"])
                response = request.render("dealer_portal.division_not_trading", refusal, status=403)
                response.flatten()
                return response
        return super()._dispatch(endpoint)
