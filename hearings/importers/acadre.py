"""Acadre-style agenda manifest: a second XML variant with English element names, proving
that a records system is one small module (a ``Fields`` map and the meeting elements).

Expected shape (names matched case-insensitively and without namespace; alternatives in
brackets)::

    <?xml version="1.0" encoding="UTF-8"?>
    <AgendaManifest xmlns="urn:acadre:agenda:1" Version="1.0">
      <Meeting MeetingId="ACD-2018-04-11-BSU">          [or Id="…"; one manifest may hold several]
        <Committee ShortName="BSU">Børne- og Skoleudvalget</Committee>
                                                       [or <Committee><Name>…</Name><ShortName>…</ShortName>]
        <MeetingDate>2018-04-11</MeetingDate>          [<StartDate>, <Date>; a full ISO time is fine]
        <StartTime>15:30</StartTime>                   [optional]
        <Location>Rådhuset, udvalgsværelse 1</Location>
        <AgendaUrl>https://…</AgendaUrl>               [<Url>]
        <AgendaItems>
          <AgendaItem ItemId="ACD-I-5521" Number="1" Access="Open">   [Access="Closed" = lukket]
            <CaseRoute>BSU/ØU/KB</CaseRoute>            [<Route>]
            <Heading>…</Heading>                        [<Title>]
            <ItemUrl>https://…</ItemUrl>               [<Url>]
            <Presentation>…</Presentation>              [<CasePresentation>, <Description>]
          </AgendaItem>
        </AgendaItems>
      </Meeting>
    </AgendaManifest>

A file whose root is a single ``<Meeting>`` is read the same way.
"""

from __future__ import annotations

from hearings.importers.base import register
from hearings.importers.common_xml import Fields, XmlImporter
from hearings.importers.xmltree import Node

ACADRE_FIELDS = Fields(
    meeting_id=("meetingid", "id", "guid"),
    committee=("committee",),
    committee_name=("name", "committeename"),
    committee_abbreviation=("shortname", "abbreviation", "code", "committeeshortname"),
    date=("meetingdate", "startdate", "date", "start"),
    time=("starttime", "time"),
    location=("location", "room"),
    url=("agendaurl", "url"),
    items_container=("agendaitems", "items"),
    item=("agendaitem", "item"),
    item_id=("itemid", "id", "guid"),
    number=("number", "itemnumber", "no"),
    case_code=("caseroute", "route"),
    title=("heading", "title"),
    item_url=("itemurl", "url"),
    case_text=("presentation", "casepresentation", "description"),
    closed=("access", "closed", "isclosed"),
    open_values=frozenset({"open", "public", "aaben", "åben"}),
)


class AcadreImporter(XmlImporter):
    key = "acadre"
    label = "Acadre-dagsorden (XML)"
    root_names = frozenset({"agendamanifest", "meeting"})
    root_names_display = "AgendaManifest"
    fields = ACADRE_FIELDS

    def meeting_nodes(self, root: Node) -> list[Node]:
        if root.name == "meeting":
            return [root]
        return root.children_named("meeting")


register(AcadreImporter)
