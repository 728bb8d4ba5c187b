"""Bilingual messages of the validator: what is wrong and how to fix it.  Values taken from the
data are shortened and CPR numbers (and any long run of digits) are masked before they appear."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from carekit.i18n import Text
from carekit.privacy import CPR_PATTERN, mask_cpr_in_text

__all__ = ["M", "describe_error", "show_value"]

_LONG_DIGITS = re.compile(r"\d{10,}")
_MAX_SHOWN = 60


def show_value(value: Any) -> str:
    """A short, CPR-masked rendering of a value from the data."""
    try:
        text = orjson.dumps(value).decode("utf-8")
    except TypeError:  # nested deeper than orjson.dumps goes (255 levels; loads allows 1024)
        text = "[…]" if isinstance(value, list) else "{…}" if isinstance(value, dict) else "…"
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    text = mask_cpr_in_text(text)
    return _LONG_DIGITS.sub(lambda m: m.group(0)[:6] + "X" * (len(m.group(0)) - 6), text)


class M:
    """The message catalogue (Danish, English)."""

    JSON = Text(
        "Linjen er ikke gyldig JSON ({reason}). Ret JSON-syntaksen – hver linje skal være ét "
        "komplet JSON-objekt.",
        "The line is not valid JSON ({reason}). Fix the JSON syntax – each line must be one "
        "complete JSON object.",
    )
    TRUNCATED = Text(
        "Filen slutter midt i en post ({reason}). Filen er afkortet – eksportér den igen.",
        "The file ends in the middle of a record ({reason}). The file is cut off – export it "
        "again.",
    )
    ENCODING = Text(
        "Filen er ikke UTF-8 (byte 0x{byte:02x} i kolonne {column}).{hint} Eksportér filen "
        "igen som UTF-8.",
        "The file is not UTF-8 (byte 0x{byte:02x} at column {column}).{hint} Re-export the "
        "file as UTF-8.",
    )
    LATIN1_HINT = Text(
        " Den ligner Latin-1 (fx æ, ø, å i et ældre tegnsæt).",
        " It looks like Latin-1 (e.g. æ, ø, å in an older character set).",
    )
    CP1252_HINT = Text(
        " Den ligner Windows-1252 (fx €, ’ eller “ ” i et ældre tegnsæt).",
        " It looks like Windows-1252 (e.g. €, ’ or “ ” in an older character set).",
    )
    UTF16_HINT = Text(
        " Den ligner UTF-16 (to bytes pr. tegn).",
        " It looks like UTF-16 (two bytes per character).",
    )
    ENCODING_MORE = Text(
        " Andre linjer i filen med samme problem vises ikke hver for sig; opsummeringen tæller "
        "dem alle (regel 'encoding').",
        " Other lines of the file with the same problem are not listed one by one; the summary "
        "counts them all (rule 'encoding').",
    )
    BOM = Text(
        "Filen starter med et byte order mark (BOM). Det er ignoreret, og filen er valideret; "
        "gem filen som UTF-8 uden BOM.",
        "The file starts with a byte order mark (BOM). It was ignored and the file validated; "
        "save the file as UTF-8 without BOM.",
    )
    DEPTH = Text(
        "Posten er indlejret mere end {limit} niveauer dybt. Sådan ser en plejepost ikke ud – "
        "tjek eksporten.",
        "The record is nested more than {limit} levels deep. A care record does not look like "
        "that – check the export.",
    )
    TOO_DEEP_TO_CHECK = Text(
        "Posten er indlejret så dybt (hundredvis af niveauer), at den ikke kan kontrolleres. "
        "Sådan ser en plejepost ikke ud – tjek eksporten.",
        "The record is nested too deeply (hundreds of levels) to be checked. A care record does "
        "not look like that – check the export.",
    )
    TOO_LARGE = Text(
        "Posten fylder {size} byte; grænsen er {limit} byte. Den er ikke valideret – tjek "
        "eksporten (mangler der linjeskift?).",
        "The record is {size} bytes; the limit is {limit} bytes. It was not validated – check "
        "the export (are line breaks missing?).",
    )
    EMPTY_FILE = Text(
        "Filen er tom: der er ingen poster at validere. Tjek at eksporten er kørt færdig.",
        "The file is empty: there are no records to validate. Check that the export finished.",
    )
    SKIPPED_FILE = Text(
        "Filen er ikke valideret: i en mappe læses kun .json, .jsonl og .ndjson (også som "
        ".gz). Er det en eksport, så giv den et af de navne eller angiv filen direkte.",
        "The file was not validated: in a directory only .json, .jsonl and .ndjson (also as "
        ".gz) are read. If it is an export, give it one of those names or name the file "
        "directly.",
    )
    EMPTY_ARRAY = Text(
        "Filen er et tomt JSON-array ([]): der er ingen poster at validere. Tjek at eksporten "
        "er kørt færdig.",
        "The file is an empty JSON array ([]): there are no records to validate. Check that the "
        "export finished.",
    )
    NOT_OBJECT = Text(
        "Posten er {value}, ikke et JSON-objekt. Hver post skal være et objekt med et 'kind'-felt.",
        "The record is {value}, not a JSON object. Each record must be an object with a "
        "'kind' field.",
    )
    NO_KIND = Text(
        "Posten har intet gyldigt 'kind'-felt, så det vides ikke, hvilket skema der gælder. "
        "Tilføj 'kind' (en af: {known}), eller brug --kind.",
        "The record has no valid 'kind' field, so it is unknown which schema applies. Add "
        "'kind' (one of: {known}) or use --kind.",
    )
    UNKNOWN_KIND = Text(
        "Posttypen {value} findes ikke i carekit. Brug en af: {known}.",
        "The record kind {value} does not exist in carekit. Use one of: {known}.",
    )
    DUPLICATE_ID = Text(
        "Id'et {record_id} findes også i {first}. Hver post skal have sit eget id – fjern "
        "dubletten, eller giv den et nyt id.",
        "The id {record_id} also appears at {first}. Each record needs its own id – remove "
        "the duplicate or give it a new id.",
    )
    GZIP_LIMIT = Text(
        "Den komprimerede fil udpakkes til mere end {expanded} byte fra {compressed} byte "
        "(grænsen er {ratio} gange den komprimerede størrelse og højst {limit} byte); resten "
        "er ikke læst. Tjek filen – en rigtig eksport pakkes ikke så tæt.",
        "The compressed file expands to more than {expanded} bytes from {compressed} bytes "
        "(the limit is {ratio} times the compressed size and at most {limit} bytes); the rest "
        "was not read. Check the file – a real export does not compress that much.",
    )
    READ_ERROR = Text(
        "Filen kunne ikke læses færdig ({reason}). Tjek filen (er den afkortet eller "
        "beskadiget?), og prøv igen.",
        "The file could not be read to the end ({reason}). Check the file (is it cut off or "
        "damaged?) and try again.",
    )
    # Schema keywords
    REQUIRED = Text(
        "Feltet '{name}' mangler. Tilføj det – det er påkrævet.",
        "The field '{name}' is missing. Add it – it is required.",
    )
    ADDITIONAL = Text(
        "Feltet/felterne {names} er ikke tilladt her. Fjern dem, eller tjek stavemåden "
        "(leverandørdata hører under 'extensions').",
        "The field(s) {names} are not allowed here. Remove them or check the spelling (vendor "
        "data belongs under 'extensions').",
    )
    TYPE = Text(
        "Værdien {value} har forkert type; forventet: {expected}.",
        "The value {value} has the wrong type; expected: {expected}.",
    )
    ENUM = Text(
        "Værdien {value} er ikke tilladt. Brug en af: {options}.",
        "The value {value} is not allowed. Use one of: {options}.",
    )
    CONST = Text(
        "Værdien {value} skal være {expected}.",
        "The value {value} must be {expected}.",
    )
    FORMAT_DATE = Text(
        "{value} er ikke en gyldig dato. Skriv ÅÅÅÅ-MM-DD med en dato, der findes (fx 2024-02-29).",
        "{value} is not a valid date. Write YYYY-MM-DD with a date that exists (e.g. 2024-02-29).",
    )
    FORMAT_DATETIME = Text(
        "{value} er ikke et gyldigt tidspunkt. Skriv ÅÅÅÅ-MM-DDTtt:mm:ss med tidszone, fx "
        "2024-05-01T09:30:00+02:00 eller ...Z.",
        "{value} is not a valid date-time. Write YYYY-MM-DDThh:mm:ss with a time zone offset, "
        "e.g. 2024-05-01T09:30:00+02:00 or ...Z.",
    )
    FORMAT_UUID = Text(
        "{value} er ikke et UUID. Brug formen 8-4-4-4-12 hexadecimale cifre, fx "
        "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c.",
        "{value} is not a UUID. Use the form 8-4-4-4-12 hexadecimal digits, e.g. "
        "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c.",
    )
    FORMAT = Text(
        "{value} har ikke formatet '{format}'.",
        "{value} does not have the format '{format}'.",
    )
    PATTERN = Text(
        "{value} har ikke den rigtige form (mønster {pattern}).",
        "{value} does not have the right shape (pattern {pattern}).",
    )
    PATTERN_PHONE = Text(
        "{value} er ikke et telefonnummer. Skriv cifre, evt. med mellemrum og + foran, fx "
        "+45 12 34 56 78.",
        "{value} is not a phone number. Write digits, optionally with spaces and a leading +, "
        "e.g. +45 12 34 56 78.",
    )
    PATTERN_EMAIL = Text(
        "{value} er ikke en e-mailadresse. Skriv navn@domæne.dk uden mellemrum.",
        "{value} is not an e-mail address. Write name@domain.dk without spaces.",
    )
    PATTERN_CPR = Text(
        "CPR-nummeret har ikke formen DDMMÅÅ-XXXX (værdien vises ikke).",
        "The CPR number does not have the form DDMMYY-XXXX (the value is not shown).",
    )
    PATTERN_VERSION = Text(
        '{value} er ikke en skemaversion. Brug fx "1.0".',
        '{value} is not a schema version. Use e.g. "1.0".',
    )
    LENGTH_MIN = Text(
        "Teksten er for kort (mindst {limit} tegn). Udfyld feltet, eller udelad det, hvis det "
        "er valgfrit.",
        "The text is too short (at least {limit} characters). Fill it in, or leave the field "
        "out if it is optional.",
    )
    LENGTH_MAX = Text(
        "Teksten er for lang (højst {limit} tegn). Forkort den.",
        "The text is too long (at most {limit} characters). Shorten it.",
    )
    MINIMUM = Text(
        "{value} er for lille (mindst {limit}).", "{value} is too small (at least {limit})."
    )
    MAXIMUM = Text(
        "{value} er for stor (højst {limit}).", "{value} is too large (at most {limit})."
    )
    MIN_ITEMS = Text(
        "Listen skal have mindst {limit} element(er). Tilføj de manglende.",
        "The list needs at least {limit} item(s). Add the missing ones.",
    )
    MAX_ITEMS = Text(
        "Listen må højst have {limit} element(er).",
        "The list may have at most {limit} item(s).",
    )
    ANY_OF = Text("{inner} (eller null)", "{inner} (or null)")
    MODEL_LIMIT = Text(
        "Værdien {value} er en gyldig RFC 3339-dato, men carekit kan ikke gemme år 0000 eller et "
        "skudsekund (:60). Brug et år fra 0001 og sekunder 00-59.",
        "The value {value} is a valid RFC 3339 date, but carekit cannot store year 0000 or a "
        "leap second (:60). Use a year from 0001 and seconds 00-59.",
    )
    ANY_OF_PLAIN = Text(
        "Værdien {value} passer ikke til nogen af de tilladte former.",
        "The value {value} does not match any of the allowed forms.",
    )
    OTHER = Text(
        "Værdien {value} overholder ikke reglen '{keyword}' i skemaet.",
        "The value {value} breaks the schema rule '{keyword}'.",
    )


_SPECIAL_PATTERNS = {
    r"^\+?[0-9][0-9 ]{2,19}$": M.PATTERN_PHONE,
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": M.PATTERN_EMAIL,
    CPR_PATTERN: M.PATTERN_CPR,
    r"^1\.[0-9]+$": M.PATTERN_VERSION,
}
_FORMATS = {"date": M.FORMAT_DATE, "date-time": M.FORMAT_DATETIME, "uuid": M.FORMAT_UUID}


#: JSON Schema's type names in Danish.
_TYPE_NAMES_DA = {"string": "tekst", "object": "objekt", "array": "liste", "integer": "heltal",
                  "number": "tal", "boolean": "true eller false", "null": "null"}  # fmt: skip


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values)


_LIMITS = {
    "minLength": M.LENGTH_MIN,
    "maxLength": M.LENGTH_MAX,
    "minimum": M.MINIMUM,
    "maximum": M.MAXIMUM,
    "minItems": M.MIN_ITEMS,
    "maxItems": M.MAX_ITEMS,
}


def describe_error(  # noqa: PLR0911 - one return per keyword reads best
    keyword: str, details: dict[str, Any], instance: Any, pattern: str | None
) -> Text:
    """The message for one schema error (*details* is jsonschema-rs's ``kind.as_dict()``).

    The failing value is rendered (:func:`show_value`) only for messages that show it: for a
    missing or an unexpected property the instance is the whole record.
    """
    if keyword == "required":
        return M.REQUIRED.format(name=details.get("property", "?"))
    if keyword == "additionalProperties":
        # a control character (a final newline in a key) shown as an escape, not a line break
        names = _join(
            f"'{json.dumps(n, ensure_ascii=False)[1:-1]}'" for n in details.get("unexpected", ())
        )
        return M.ADDITIONAL.format(names=mask_cpr_in_text(names))
    value = show_value(instance)
    if keyword == "type":
        types = [str(t) for t in details.get("types", ())]
        danish = _join(_TYPE_NAMES_DA.get(t, t) for t in types)
        return Text(M.TYPE.da.format(value=value, expected=danish),
                    M.TYPE.en.format(value=value, expected=_join(types)))  # fmt: skip
    if keyword == "enum":
        return M.ENUM.format(value=value, options=_join(details.get("options", ())))
    if keyword == "const":
        return M.CONST.format(value=value, expected=show_value(details.get("expected_value")))
    if keyword == "format":
        name = str(details.get("format", ""))
        return _FORMATS.get(name, M.FORMAT).format(value=value, format=name)
    if keyword == "pattern":
        shown = pattern or str(details.get("pattern", ""))
        special = _SPECIAL_PATTERNS.get(shown)
        return (special or M.PATTERN).format(value=value, pattern=shown)
    simple = _LIMITS.get(keyword)
    if simple is not None:
        return simple.format(value=value, limit=details.get("limit"))
    return M.OTHER.format(value=value, keyword=keyword)
