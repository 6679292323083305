import base64

# A logo of the tests' own: a brand is told apart by its name in the SVG.
LOGO_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b"<title>Northline Filters</title>"
    b'<rect width="40" height="40" rx="6" fill="#0a7d5a"/>'
    b'<text x="48" y="26" font-family="Arial" font-size="14" fill="#0a7d5a">Northline</text>'
    b"</svg>"
)


def create_brand_division(env, company, **vals):
    """A division with a brand of its own (logo, colours, sender, footer)."""
    return env["dealer.division"].create(
        {
            "name": "Northline Filters",
            "code": "NLF",
            "company_id": company.id,
            "logo": base64.b64encode(LOGO_SVG),
            "color_primary": "#0a7d5a",
            "color_secondary": "#ffcc00",
            "email_from": "Northline Filters <orders@northline.example.com>",
            "footer": "<p>Northline Filters is a brand of the test manufacturer.</p>",
            **vals,
        }
    )
