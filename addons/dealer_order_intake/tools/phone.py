import phonenumbers


def normalize_phone(number, country_code=None):
    """``number`` in E.164 form ("+32470123456"), a national number being
    read in ``country_code`` (ISO 3166 alpha-2); None when it is no possible
    phone number."""
    number = (number or "").strip()
    if not number:
        return None
    if number.startswith("00"):
        number = "+" + number[2:]
    try:
        parsed = phonenumbers.parse(number, None if number.startswith("+") else (country_code or None))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
