import re

from odoo import models

# The website's own logo, as the header renders it (website.placeholder_header_brand).
WEBSITE_LOGO_SRC = re.compile(r"^/web/image/website/\d+/logo(/|\?|$)")


class IrQWeb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _post_processing_att(self, tagName, atts):
        """The header's logo loads first. The website marks every image
        ``loading="lazy"``; the logo is at the top of every page and, on a
        phone, often its largest element (Lighthouse's LCP): lazy, the
        browser waits for the layout before fetching it."""
        if tagName == "img" and "loading" not in atts and WEBSITE_LOGO_SRC.match(str(atts.get("src") or "")):
            atts = dict(atts, loading="eager", fetchpriority="high")
        return super()._post_processing_att(tagName, atts)
