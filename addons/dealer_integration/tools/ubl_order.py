"""UBL 2.1 Order documents (Peppol BIS Ordering 3 customization), built with lxml.

The elements are those Odoo's own order decoder (``sale_edi_ubl``) reads, so
an exported order imports back with the same lines, quantities, prices and
customer.
"""

from lxml import etree

NS = {
    None: "urn:oasis:names:specification:ubl:schema:xsd:Order-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION_ID = "urn:fdc:peppol.eu:poacc:trns:order:3"
PROFILE_ID = "urn:fdc:peppol.eu:poacc:bis:order_only:3"


def _el(parent, tag, text=None, **attrib):
    prefix, name = tag.split(":")
    node = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", {k: v for k, v in attrib.items() if v})
    if text is not None:
        node.text = str(text)
    return node


def _amount(value):
    return f"{value:.2f}"


def _number(value):
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _party(parent, tag, party):
    """``party``: dict with name, vat, email, phone, street, city, zip, country."""
    node = _el(_el(parent, tag), "cac:Party")
    if party.get("ref"):
        _el(_el(node, "cac:PartyIdentification"), "cbc:ID", party["ref"])
    _el(_el(node, "cac:PartyName"), "cbc:Name", party["name"])
    address = _el(node, "cac:PostalAddress")
    for key, element in (("street", "cbc:StreetName"), ("city", "cbc:CityName"), ("zip", "cbc:PostalZone")):
        if party.get(key):
            _el(address, element, party[key])
    if party.get("country"):
        _el(_el(address, "cac:Country"), "cbc:IdentificationCode", party["country"])
    if party.get("vat"):
        tax = _el(node, "cac:PartyTaxScheme")
        _el(tax, "cbc:CompanyID", party["vat"])
        _el(_el(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _el(node, "cac:PartyLegalEntity")
    _el(legal, "cbc:RegistrationName", party["name"])
    if party.get("email") or party.get("phone"):
        contact = _el(node, "cac:Contact")
        if party.get("phone"):
            _el(contact, "cbc:Telephone", party["phone"])
        if party.get("email"):
            _el(contact, "cbc:ElectronicMail", party["email"])
    return node


def build_order(order):
    """Return the UBL Order XML (bytes) of ``order``, a dict:
    id, issue_date, currency, note, buyer, seller, delivery (party dicts, see
    ``_party``; delivery may carry ``date``), amount_untaxed and lines: dicts
    with id, sku, name, description, quantity, unit_code, price_unit,
    discount (percent), subtotal, tax_percent (or None)."""
    root = etree.Element(f"{{{NS[None]}}}Order", nsmap=NS)
    _el(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
    _el(root, "cbc:ProfileID", PROFILE_ID)
    _el(root, "cbc:ID", order["id"])
    _el(root, "cbc:IssueDate", order["issue_date"])
    if order.get("note"):
        _el(root, "cbc:Note", order["note"])
    _el(root, "cbc:DocumentCurrencyCode", order["currency"])
    if order.get("customer_reference"):
        _el(root, "cbc:CustomerReference", order["customer_reference"])
    _party(root, "cac:BuyerCustomerParty", order["buyer"])
    _party(root, "cac:SellerSupplierParty", order["seller"])
    delivery = order.get("delivery")
    if delivery:
        node = _el(root, "cac:Delivery")
        location = _el(node, "cac:DeliveryLocation")
        address = _el(location, "cac:Address")
        for key, element in (("street", "cbc:StreetName"), ("city", "cbc:CityName"), ("zip", "cbc:PostalZone")):
            if delivery.get(key):
                _el(address, element, delivery[key])
        if delivery.get("country"):
            _el(_el(address, "cac:Country"), "cbc:IdentificationCode", delivery["country"])
        if delivery.get("date"):
            _el(_el(node, "cac:RequestedDeliveryPeriod"), "cbc:StartDate", delivery["date"])
        party = _el(node, "cac:DeliveryParty")
        _el(_el(party, "cac:PartyName"), "cbc:Name", delivery["name"])
    total = _el(root, "cac:AnticipatedMonetaryTotal")
    _el(total, "cbc:LineExtensionAmount", _amount(order["amount_untaxed"]), currencyID=order["currency"])
    _el(total, "cbc:PayableAmount", _amount(order["amount_untaxed"]), currencyID=order["currency"])
    for line in order["lines"]:
        item_line = _el(_el(root, "cac:OrderLine"), "cac:LineItem")
        _el(item_line, "cbc:ID", line["id"])
        _el(item_line, "cbc:Quantity", _number(line["quantity"]), unitCode=line["unit_code"])
        _el(item_line, "cbc:LineExtensionAmount", _amount(line["subtotal"]), currencyID=order["currency"])
        price = _el(item_line, "cac:Price")
        net = line["price_unit"] * (1 - (line["discount"] or 0.0) / 100)
        _el(price, "cbc:PriceAmount", _number(net), currencyID=order["currency"])
        _el(price, "cbc:BaseQuantity", "1", unitCode=line["unit_code"])
        if line["discount"]:
            # Gross price and rebate: the decoder reads the gross as the unit
            # price and infers the discount from the line amount.
            rebate = _el(price, "cac:AllowanceCharge")
            _el(rebate, "cbc:ChargeIndicator", "false")
            _el(rebate, "cbc:Amount", _number(line["price_unit"] - net), currencyID=order["currency"])
            _el(rebate, "cbc:BaseAmount", _number(line["price_unit"]), currencyID=order["currency"])
        item = _el(item_line, "cac:Item")
        if line.get("description"):
            _el(item, "cbc:Description", line["description"])
        _el(item, "cbc:Name", line["name"])
        if line.get("sku"):
            _el(_el(item, "cac:SellersItemIdentification"), "cbc:ID", line["sku"])
        if line.get("tax_percent") is not None:
            tax = _el(item, "cac:ClassifiedTaxCategory")
            _el(tax, "cbc:ID", "S" if line["tax_percent"] else "Z")
            _el(tax, "cbc:Percent", _number(line["tax_percent"]))
            _el(_el(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
