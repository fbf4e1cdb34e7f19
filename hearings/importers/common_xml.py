"""What the XML importers share: turning one meeting element and its item elements into parsed
data, once each format has said which element and attribute names hold which field.

A format is described by a ``Fields`` object (normalised names, see ``xmltree.normalise``,
tried in order, attributes before child elements). The checks are the same for every format:
a meeting needs a committee and a readable date; an item needs a number, a title and – when
the file gives ids – a unique id; numbers must be unique within a meeting. A bad meeting is
refused with its items; a bad item is refused alone."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hearings.importers.base import (
    DateProblem,
    ImportRefused,
    ParsedItem,
    ParsedMeeting,
    ParseResult,
    at_line,
    parse_bool,
    parse_datetime,
    parse_number,
)
from hearings.importers.xmltree import Node, parse_xml


@dataclass(frozen=True)
class Fields:
    # Meeting
    meeting_id: tuple[str, ...]
    committee: tuple[str, ...]           # an element with the name as text, or with name/abbreviation children
    committee_name: tuple[str, ...]      # inside the committee element (or on the meeting)
    committee_abbreviation: tuple[str, ...]
    date: tuple[str, ...]
    time: tuple[str, ...]
    location: tuple[str, ...]
    url: tuple[str, ...]
    items_container: tuple[str, ...]
    item: tuple[str, ...]
    # Item
    item_id: tuple[str, ...]
    number: tuple[str, ...]
    case_code: tuple[str, ...]
    title: tuple[str, ...]
    item_url: tuple[str, ...]
    case_text: tuple[str, ...]
    closed: tuple[str, ...]
    open_values: frozenset[str] = frozenset()  # values of the closed field meaning "open" (e.g. access="open")


def _committee(meeting: Node, fields: Fields) -> tuple[str, str]:
    node = meeting.child(*fields.committee)
    name, abbreviation = "", ""
    if node is not None:
        name, _line = node.value(*fields.committee_name)
        abbreviation, _line = node.value(*fields.committee_abbreviation)
        if not name and not node.children:
            name = node.line_text()
    if not name:
        name, _line = meeting.value(*fields.committee_name)
    if not abbreviation:
        abbreviation, _line = meeting.value(*fields.committee_abbreviation)
    return name, abbreviation.upper().replace(" ", "")


def meeting_from_node(meeting: Node, fields: Fields, result: ParseResult) -> ParsedMeeting | None:
    """The meeting of one element, or None (with a refused line) when it cannot be used."""
    name, abbreviation = _committee(meeting, fields)
    if not name and not abbreviation:
        result.refused.append(at_line(meeting.line, _("mødet er afvist, fordi filen ikke siger, hvilket udvalg det "
                                                       "hører til (fx <Udvalg>), og dets punkter er ikke importeret")))
        return None
    date_text, date_line = meeting.value(*fields.date)
    time_text, _line = meeting.value(*fields.time)
    try:
        starts_at = parse_datetime(date_text, time_text)
    except DateProblem as problem:
        result.refused.append(at_line(date_line, _("mødet er afvist: %(reason)s – dets punkter er heller ikke "
                                                    "importeret") % {"reason": problem}))
        return None
    location, _line = meeting.value(*fields.location)
    url, _line = meeting.value(*fields.url)
    external_id, _line = meeting.value(*fields.meeting_id)
    parsed = ParsedMeeting(committee_name=name, committee_abbreviation=abbreviation,
                           starts_at=starts_at, location=location, url=url, external_id=external_id[:200],
                           line=meeting.line)
    container = meeting.child(*fields.items_container)
    item_nodes = (container if container is not None else meeting).children_named(*fields.item)
    seen_numbers: dict[int, int] = {}
    seen_ids: dict[str, int] = {}
    for node in item_nodes:
        item = item_from_node(node, fields, result)
        if item is None:
            continue
        if item.number in seen_numbers:
            result.refused.append(at_line(node.line, _("punkt nr. %(number)s står to gange i samme møde (første gang "
                                                        "i linje %(first)s); det andet er ikke importeret")
                                          % {"number": item.number, "first": seen_numbers[item.number]}))
            continue
        if item.external_id and item.external_id in seen_ids:
            result.refused.append(at_line(node.line, _("punktets id “%(id)s” står to gange i samme møde (første gang "
                                                        "i linje %(first)s); det andet er ikke importeret")
                                          % {"id": item.external_id[:60], "first": seen_ids[item.external_id]}))
            continue
        seen_numbers[item.number] = node.line
        if item.external_id:
            seen_ids[item.external_id] = node.line
        parsed.items.append(item)
    return parsed


def item_from_node(node: Node, fields: Fields, result: ParseResult) -> ParsedItem | None:
    number_text, number_line = node.value(*fields.number)
    number = parse_number(number_text)
    if number is None:
        if number_text:
            reason = _("punktets nummer “%(value)s” er ikke et helt tal fra 1 til 9999") % {"value": number_text[:30]}
        else:
            reason = _("punktet har intet nummer")
        result.refused.append(at_line(number_line, reason))
        return None
    title, _line = node.value(*fields.title)
    if not title:
        result.refused.append(at_line(node.line, _("punkt %(number)s mangler en overskrift") % {"number": number}))
        return None
    closed_text, closed_line = node.value(*fields.closed)
    if closed_text and closed_text.lower() in fields.open_values:
        closed = False
    else:
        closed = parse_bool(closed_text)
    if closed is None:
        result.refused.append(at_line(closed_line, _("punkt %(number)s: “%(value)s” siger hverken ja eller nej til, "
                                                      "om punktet er lukket") % {"number": number,
                                                                                 "value": closed_text[:30]}))
        return None
    case_code, _line = node.value(*fields.case_code)
    url, _line = node.value(*fields.item_url)
    external_id, _line = node.value(*fields.item_id)
    return ParsedItem(number=number, title=title, case_code=case_code.replace(" ", ""), url=url,
                      case_text=node.long_value(*fields.case_text), closed=closed, external_id=external_id[:200],
                      line=node.line)


class XmlImporter(ABC):
    """Base of the XML importers: ``root_names`` (normalised) of the documents it reads, and
    ``meeting_nodes(root)`` giving the meeting elements (one manifest may hold several)."""

    kind = "xml"
    key = ""
    label = ""
    source = "xml"
    root_names: frozenset[str] = frozenset()
    root_names_display = ""
    fields: Fields

    def accepts(self, sniffed) -> bool:
        return sniffed.kind == self.kind and sniffed.root in self.root_names

    @abstractmethod
    def meeting_nodes(self, root: Node) -> list[Node]:
        """The elements that describe one meeting each. Every format says where they are (SBSYS:
        the root itself; Acadre: its meeting elements), so each subclass defines this."""

    def parse(self, data: bytes) -> ParseResult:
        root = parse_xml(data)
        result = ParseResult(importer_key=self.key, label=self.label, source=self.source)
        nodes = self.meeting_nodes(root)
        if not nodes:
            raise ImportRefused(_("Filen indeholder intet møde: der er ingen %(element)s i den.")
                                % {"element": self.root_names_display}, code="no_meetings")
        for node in nodes:
            meeting = meeting_from_node(node, self.fields, result)
            if meeting is not None:
                result.meetings.append(meeting)
        return result
