"""E-mail addresses, parsed and checked: one address per field, nothing smuggled in.

A field (a recipient's ``addresses["email"]``, the ``from`` setting) holds exactly one
address, written ``anna@kommune.dk`` or ``Anna Holm <anna@kommune.dk>`` (a display name
with a comma must be quoted: ``"Holm, Anna" <anna@kommune.dk>``).  A comma, a semicolon or a
second address would add a recipient the vendor never configured, and a line break would add
a header: :func:`parse_address` refuses them with a Danish/English :class:`AddressProblem`.

Parsing is the stdlib's (:func:`email.utils.getaddresses`, :class:`email.headerregistry.Address`);
on top of it the whole field must be the one address and nothing else, because the stdlib of
Python 3.11 accepts some strings that hide a second address (CVE-2023-27043).
"""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import getaddresses

import attrs

from carekit.i18n import Text

__all__ = ["AddressProblem", "parse_address"]

# One DNS label (letters, digits, hyphens; not starting or ending with a hyphen), after IDNA.
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
# A display name without quotes may not contain what separates or delimits addresses.
_UNQUOTED_NAME = re.compile(r'^[^@,;<>"\\]*$')
_QUOTED_NAME = re.compile(r'^"(?:[^"\\]|\\.)*"$')
_SEPARATORS = frozenset(",;")
_MAX_LENGTH = 320  # local part 64 + @ + domain 255


@attrs.frozen
class AddressProblem(Exception):
    """An address field that is not exactly one valid address: ``text`` says why (Danish and
    English, without repeating the value, which may be personal data)."""

    text: Text

    def __str__(self) -> str:
        return self.text.en


_EXAMPLE = "anna@kommune.dk eller Anna Holm <anna@kommune.dk>"
_EXAMPLE_EN = "anna@kommune.dk or Anna Holm <anna@kommune.dk>"


def _problem(da: str, en: str) -> AddressProblem:
    return AddressProblem(
        Text(
            f"{da} Skriv én adresse, fx {_EXAMPLE}.", f"{en}; write one address, e.g. {_EXAMPLE_EN}"
        )
    )


def _check_domain(domain: str) -> None:
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise _problem(
            "Domænet efter @ er ikke et gyldigt domænenavn.",
            "the domain after @ is not a valid domain name",
        ) from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise _problem(
            "Domænet efter @ er ikke et gyldigt domænenavn (som kommune.dk).",
            "the domain after @ is not a valid domain name (like kommune.dk)",
        )


def parse_address(value: object) -> Address:
    """The one address in *value*, or :class:`AddressProblem`.

    Refused: anything but a string; an empty field; a line break or NUL; more than one
    address (a comma or semicolon outside a quoted display name); an address without exactly
    one ``@``, with an invalid local part or domain; anything around the address other than a
    display name followed by ``<address>``.
    """
    if not isinstance(value, str):
        raise _problem("Adressen skal være tekst.", "the address must be text")
    text = value.strip()
    if not text:
        raise _problem("Adressen er tom.", "the address is empty")
    if any(ch in text for ch in "\r\n\0") or len(text) > _MAX_LENGTH + 200:
        raise _problem(
            "Adressen indeholder et linjeskift eller et ugyldigt tegn.",
            "the address contains a line break or an invalid character",
        )
    pairs = getaddresses([text])
    if len(pairs) != 1 or not pairs[0][1]:
        raise _problem(
            "Feltet indeholder mere end én adresse (komma eller semikolon).",
            "the field holds more than one address (a comma or a semicolon)",
        )
    name, spec = pairs[0]
    if text == spec:
        shown_name = ""
    elif text.endswith(f"<{spec}>"):
        shown_name = text[: -len(spec) - 2].strip()
        if not (_UNQUOTED_NAME.match(shown_name) or _QUOTED_NAME.match(shown_name)):
            raise _problem(
                "Navnet før <adressen> indeholder @, komma eller semikolon; sæt det i "
                'anførselstegn ("Holm, Anna") eller fjern det.',
                "the name before <address> contains @, a comma or a semicolon; quote it "
                '("Holm, Anna") or leave it out',
            )
    else:
        raise _problem(
            "Feltet indeholder mere end én adresse eller tekst uden for <adressen>.",
            "the field holds more than one address, or text outside the <address>",
        )
    if spec.count("@") != 1 or any(ch in spec for ch in _SEPARATORS) or len(spec) > _MAX_LENGTH:
        raise _problem(
            "Adressen skal have præcis ét @ og ingen komma eller semikolon.",
            "the address must have exactly one @ and no comma or semicolon",
        )
    local, _, domain = spec.partition("@")
    if not local or not domain or len(local) > 64:
        raise _problem(
            "Adressen mangler delen før eller efter @.",
            "the address lacks the part before or after @",
        )
    _check_domain(domain)
    try:
        address = Address(display_name=name, addr_spec=spec)
    except (HeaderParseError, ValueError, IndexError, TypeError):
        raise _problem(
            "Delen før @ har ugyldige tegn.", "the part before @ has invalid characters"
        ) from None
    if address.addr_spec != spec:
        raise _problem(
            "Adressen kan ikke læses entydigt.", "the address cannot be read unambiguously"
        )
    return address
