"""Names in record formats that tools print as text: vCard, HL7 v2, key/value pairs, ``Last, First``.

Tool output often carries a serialised record inside a string: a contact card, an HL7 message from
an interface engine, a JSON object or a ``key="value"`` log line quoted in a comment. The record
says which field is a name, so these rules read the field, as :mod:`person_fields` does for the
walker's real keys:

- vCard ``N:Family;Given;Middle;;`` and ``FN:Full Name`` (RFC 6350);
- HL7 v2 person names (XPN: ``Family^Given^Middle``) in PID-5, PID-6 (mother's maiden name) and NK1-2,
  and XCN doctors (``id^Family^Given``) in PV1-7/8/9/17;
- XML elements whose tag is such a key, and xCard ``<fn>`` / ``<surname>`` / ``<given>``;
- ``"key": "value"`` and ``key="value"`` pairs whose key :func:`person_fields.field_kind` names a
  person (``"first_name": "Dara"``, ``nickname="yago_mateu"``);
- ``Moura, Gabrielly``: a known family name, a comma and a known given name, standing alone;
- handles built from a known given and family name (``justin_daniels``, ``TiffanyDalton``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlp.classifiers.name_gazetteer import Gazetteer, is_name_token
from dlp.classifiers.name_shapes import is_login_value, is_name_value, is_service_account
from dlp.classifiers.person_fields import FieldKind, field_kind
from dlp.classifiers.person_gate import needs, one_of
from dlp.classifiers.person_patterns import NOT_NAMES, Hit
from dlp.findings import ScanContext

_FIELD_SCORE = 0.9
_PAIR_SCORE = 0.6
_HANDLE_SCORE = 0.8

_VCARD_N = re.compile(r"(?m)^N(?:;[^:\n]*)?:([^;\n]*);([^;\n]*)")
_VCARD_FN = re.compile(r"(?m)^FN(?:;[^:\n]*)?:([^\n]+?)[ \t]*$")
#: HL7 segments and the fields that hold a person's name (1-based after the segment id).
#: Segments end in a carriage return (HL7's own separator) or, once pasted into text, a newline.
_HL7_SEGMENT = re.compile(r"(?:^|(?<=[\r\n]))(PID|NK1|PV1)\|([^\r\n]*)")
_HL7_XPN = {"PID": (5, 6), "NK1": (2,)}
_HL7_XCN = {"PV1": (7, 8, 9, 17)}
#: A key and its quoted value (``"first_name": "Dara"``, ``user_name="Dana Lee"``), or a bare one-token
#: value after "=" (``nickname=yago_mateu``). ``Key: Value`` lines are the label rules' business.
_KEY_VALUE = re.compile(
    r"""["']?([A-Za-z_][\w.\-]{1,40})["']?[ \t]*(?:(?:=[ \t]*|: ?)(?:"([^"\n]{1,80})"|'([^'\n]{1,80})')"""
    r"""|=([A-Za-z][\w.\-]{1,40})(?![\w@/]))"""
)
#: An XML element whose tag names a person field (xCard ``<fn>``, ``<first_name>``, ``<Surname>``).
_XML_FIELD = re.compile(r"<([A-Za-z][\w\-]{0,40})>([^<>\n]{1,80})</\1>")
_XCARD_NAME_TAGS = frozenset({"fn", "surname", "given", "family"})
_FAMILY_GIVEN = re.compile(
    r"(?<![\w,])([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*),[ \t]+([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)"
    r"(?:[ \t]+[A-Z]\.)?"
)
_NOT_AFTER_FIELD = re.compile(r",?[ \t]+(?:and|&|e|y|und|et)[ \t]+[^\W\d_]|,[ \t]*[^\W\d_]")
_HANDLE = re.compile(
    r"(?<![\w@./\-:=])([a-z]{2,}[._][a-z]{2,}|[A-Z][a-z]+[A-Z][a-z]+)(?![\w@/\-(]|\.[A-Za-z0-9])"
)
_CAMEL_PARTS = re.compile(r"[A-Z][a-z]+")


def _hit(start: int, value: str, score: float, kind: str) -> Iterator[Hit]:
    stripped = value.strip()
    if stripped:
        offset = start + value.index(stripped)
        yield offset, offset + len(stripped), score, kind


@needs(one_of("N:", "N;", "FN:", "FN;"))
def _vcard(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _VCARD_N.finditer(text):
        for group in (1, 2):
            if is_name_value(m.group(group).strip(), g):
                yield from _hit(m.start(group), m.group(group), _FIELD_SCORE, "format")
    for m in _VCARD_FN.finditer(text):
        if is_name_value(m.group(1), g):
            yield from _hit(m.start(1), m.group(1), _FIELD_SCORE, "format")


@needs(one_of("PID|", "NK1|", "PV1|"), one_of("^"))
def _hl7(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _HL7_SEGMENT.finditer(text):
        segment = m.group(1)
        fields = m.group(2).split("|")
        starts, pos = [], m.start(2)
        for field in fields:
            starts.append(pos)
            pos += len(field) + 1
        wanted = [(n, 0) for n in _HL7_XPN.get(segment, ())] + [(n, 1) for n in _HL7_XCN.get(segment, ())]
        for number, first_component in wanted:
            if number > len(fields):
                continue
            field, field_start = fields[number - 1], starts[number - 1]
            # Repetitions ("~") each hold a name; components are Family^Given^Middle^Suffix^Prefix.
            rep_start = field_start
            for repetition in field.split("~"):
                components = repetition.split("^")
                comp_start = rep_start
                for index, component in enumerate(components):
                    if first_component <= index <= first_component + 2 and is_name_value(component, g):
                        yield from _hit(comp_start, component, _FIELD_SCORE, "format")
                    comp_start += len(component) + 1
                rep_start += len(repetition) + 1


def _key_value_hits(text: str, g: Gazetteer, logins: bool) -> Iterator[Hit]:
    for m in _KEY_VALUE.finditer(text):
        key = m.group(1)
        group = next(i for i in (2, 3, 4) if m.group(i) is not None)
        bare = group == 4
        value = m.group(group)
        *parents, field = key.split(".")
        context = ScanContext(field_name=field, field_path_tail=".".join([*parents[-1:], field]))
        kind = field_kind(context)
        if kind is None:
            continue
        stripped = value.strip()
        if stripped.casefold() in NOT_NAMES:
            continue
        if kind is FieldKind.LOGIN and " " not in stripped:
            if logins and is_login_value(stripped, g):
                yield from _hit(m.start(group), value, _FIELD_SCORE, "login")
        elif not bare and not logins and is_name_value(stripped, g):
            # A bare value ends at the first space: "owner=Gary Villa" is the label rules' to read whole.
            yield from _hit(m.start(group), value, _FIELD_SCORE, "format")


_KEY_VALUE_TRIGGER = one_of("=", ':"', ': "', ":'", ": '")


@needs(_KEY_VALUE_TRIGGER)
def _key_value_names(text: str, g: Gazetteer) -> Iterator[Hit]:
    return _key_value_hits(text, g, logins=False)


@needs(_KEY_VALUE_TRIGGER)
def _key_value_logins(text: str, g: Gazetteer) -> Iterator[Hit]:
    """Logins under login keys (``"login": "jsmith"``); run only when the configuration counts logins."""
    return _key_value_hits(text, g, logins=True)


@needs(one_of("</"))
def _xml_fields(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _XML_FIELD.finditer(text):
        tag, value = m.group(1), m.group(2)
        named = tag.casefold() in _XCARD_NAME_TAGS
        kind = None if named else field_kind(ScanContext(field_name=tag, field_path_tail=tag))
        stripped = value.strip()
        person = named or kind is FieldKind.NAME
        if person and stripped.casefold() not in NOT_NAMES and is_name_value(stripped, g):
            yield from _hit(m.start(2), value, _FIELD_SCORE, "format")


@needs(one_of(", ", ",\t"))
def _family_given(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _FAMILY_GIVEN.finditer(text):
        family, given = m.group(1), m.group(2)
        if not (is_name_token(family) and is_name_token(given)):
            continue
        # One side must be unambiguous: a family name that is no given name ("Moura"), or a given
        # name that is no family name ("Trevor" in "Conner, Trevor").
        family_key, given_key = family.casefold(), given.casefold()
        if g.is_common(family) or g.is_common(given) or family_key not in g.last or not g.is_first(given):
            continue
        if family_key in g.first and given_key in g.last:
            continue
        # "Reed, Kenneth, Lee" and "Smith, Murray and Young" are lists and firms, not one name.
        if text[: m.start()].rstrip(" \t").endswith(",") or _NOT_AFTER_FIELD.match(text, m.end()):
            continue
        yield m.start(), m.end(), _PAIR_SCORE, "gazetteer"


def _name_handles(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _HANDLE.finditer(text):
        token = m.group(1)
        parts = _CAMEL_PARTS.findall(token) if token[:1].isupper() else re.split(r"[._]", token)
        if len(parts) != 2 or is_service_account(token, g):
            continue
        given, family = parts
        if len(given) < 3 or len(family) < 3 or g.is_common(given) or g.is_common(family):
            continue
        if g.is_first(given) and family.casefold() in g.last:
            yield m.start(1), m.end(1), _HANDLE_SCORE, "login"


RULES = (_vcard, _hl7, _key_value_names, _xml_fields, _family_given)
LOGIN_RULES = (_key_value_logins, _name_handles)
