"""Reading a UBL order file that came from outside, before Odoo's decoder
sees it: size, well-formedness and document type, with a parser that never
expands entities, reads a DTD or touches the network."""

from lxml import etree

# A UBL order of a thousand lines is well under a megabyte.
MAX_UBL_BYTES = 5 * 1024 * 1024
MAX_UBL_LINES = 1000
ORDER_NS = "urn:oasis:names:specification:ubl:schema:xsd:Order-2"
ORDER_TAG = f"{{{ORDER_NS}}}Order"
# Units the file may name for "one piece" besides UN/ECE C62 (unit).
PIECE_CODES = {"EA", "H87", "PCE", "C62"}


class UblError(ValueError):
    """The file is not a UBL order this intake reads; ``code`` tells why
    (``too_large``, ``empty``, ``doctype``, ``malformed``, ``not_order``)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def looks_like_ubl_order(content):
    """Cheap sniff of an attachment: an XML document whose root is a UBL
    Order. Never raises."""
    if not content or len(content) > MAX_UBL_BYTES:
        return False
    head = content[:4096]
    return b"<" in head and ORDER_NS.encode() in content[:65536]


def parse_order(content):
    """The root element of ``content`` (bytes), a UBL 2.x Order; raise
    ``UblError``. Documents with a DOCTYPE are refused outright: no order
    needs one, and it is where entity bombs and external entities live."""
    if not content:
        raise UblError("empty")
    if isinstance(content, str):
        content = content.encode()
    if len(content) > MAX_UBL_BYTES:
        raise UblError("too_large")
    if b"<!DOCTYPE" in content.upper() or b"<!ENTITY" in content.upper():
        raise UblError("doctype")
    try:
        root = etree.fromstring(content, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UblError("malformed") from exc
    if root is None or root.tag != ORDER_TAG:
        raise UblError("not_order")
    return root
