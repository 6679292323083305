"""UBL 2.1 order files (Peppol BIS Ordering 3) as a dealer's system sends
them, built in the tests; shared with the dealer API's tests."""

from xml.sax.saxutils import escape

ORDER_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"'
    ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"'
    ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
    "<cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>"
    "<cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:order_only:3</cbc:ProfileID>"
)


def ubl_order(lines, po="PO-EDI-1", buyer_name=None, buyer_vat=None, buyer_email=None, currency="EUR"):
    """A UBL order; ``lines`` are dicts with ``sku`` or ``gtin``, ``qty``,
    optional ``unit`` (UN/ECE code) and ``price``."""
    party = ""
    if buyer_vat:
        party += f"<cac:PartyTaxScheme><cbc:CompanyID>{escape(buyer_vat)}</cbc:CompanyID></cac:PartyTaxScheme>"
    if buyer_name:
        party += f"<cac:PartyName><cbc:Name>{escape(buyer_name)}</cbc:Name></cac:PartyName>"
    if buyer_email:
        party += f"<cac:Contact><cbc:ElectronicMail>{escape(buyer_email)}</cbc:ElectronicMail></cac:Contact>"
    body = [
        ORDER_HEAD,
        f"<cbc:ID>{escape(po)}</cbc:ID><cbc:IssueDate>2026-11-30</cbc:IssueDate>",
        f"<cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>",
        f"<cac:BuyerCustomerParty><cac:Party>{party}</cac:Party></cac:BuyerCustomerParty>",
        "<cac:SellerSupplierParty><cac:Party><cac:PartyName><cbc:Name>Maker</cbc:Name></cac:PartyName>"
        "</cac:Party></cac:SellerSupplierParty>",
    ]
    for n, line in enumerate(lines, start=1):
        unit = f' unitCode="{line["unit"]}"' if line.get("unit") else ""
        item = f"<cbc:Name>{escape(line.get('name', 'Item'))}</cbc:Name>"
        if line.get("sku"):
            sku = escape(line["sku"])
            item += f"<cac:SellersItemIdentification><cbc:ID>{sku}</cbc:ID></cac:SellersItemIdentification>"
        if line.get("gtin"):
            item += (
                '<cac:StandardItemIdentification><cbc:ID schemeID="0160">'
                f"{escape(line['gtin'])}</cbc:ID></cac:StandardItemIdentification>"
            )
        price = ""
        if line.get("price") is not None:
            price = (
                f'<cbc:LineExtensionAmount currencyID="{currency}">{line["price"] * line["qty"]}'
                "</cbc:LineExtensionAmount>"
                f'<cac:Price><cbc:PriceAmount currencyID="{currency}">{line["price"]}</cbc:PriceAmount></cac:Price>'
            )
        body.append(
            f"<cac:OrderLine><cac:LineItem><cbc:ID>{n}</cbc:ID><cbc:Quantity{unit}>{line['qty']}</cbc:Quantity>"
            f"{price}<cac:Item>{item}</cac:Item></cac:LineItem></cac:OrderLine>"
        )
    body.append("</Order>")
    return "".join(body).encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>&lol4;</ID></Order>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Order>"""

NOT_AN_ORDER = (
    b'<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">'
    b"<ID>INV-1</ID></Invoice>"
)
