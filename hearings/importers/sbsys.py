"""SBSYS-style publication manifest: the XML a records system exports with a committee
meeting's agenda (*dagsorden*).

Expected shape (names are matched case-insensitively and without namespace; ``Mødedato`` and
``Moededato`` are the same; the alternatives in brackets are accepted too)::

    <?xml version="1.0" encoding="UTF-8"?>
    <Dagsorden Id="SBSYS-M-2018-0314">            [id as attribute or <Id>/<MoedeId>]
      <Udvalg>                                    [or <Udvalg>Social- og Sundhedsudvalget</Udvalg>
        <Navn>Social- og Sundhedsudvalget</Navn>   with <Forkortelse> beside it, or Forkortelse="SUS"]
        <Forkortelse>SUS</Forkortelse>
      </Udvalg>
      <Moededato>2018-03-14T16:00:00</Moededato>  [<Dato>, <Mødedato>; "14.03.2018 kl. 16.00" too;
      <Tidspunkt>16:00</Tidspunkt>                 optional when the date has no time]
      <Sted>Rådhuset, mødelokale 2</Sted>         [<Moedested>, <Lokale>]
      <Link>https://…/dagsorden/…</Link>          [<URL>]
      <Dagsordenpunkter>
        <Dagsordenpunkt Id="SBSYS-P-88213">
          <Nummer>3</Nummer>                      [<Punktnummer>, <Nr>, or Nummer="3"]
          <Sagsgang>SUS/ØU/KB</Sagsgang>
          <Overskrift>Udarbejdelse af …</Overskrift> [<Titel>]
          <Link>https://…</Link>                  [<URL>]
          <Sagsfremstilling>…</Sagsfremstilling>  [<Resume>, <Beskrivelse>; may hold <p>/<Afsnit>
          <Lukket>false</Lukket>                   or escaped HTML]
        </Dagsordenpunkt>
      </Dagsordenpunkter>
    </Dagsorden>

Several meetings in one file: a root ``<Dagsordener>`` holding ``<Dagsorden>`` elements.
"""

from __future__ import annotations

from hearings.importers.base import register
from hearings.importers.common_xml import Fields, XmlImporter
from hearings.importers.xmltree import Node

SBSYS_FIELDS = Fields(
    meeting_id=("id", "moedeid", "dagsordenid", "guid"),
    committee=("udvalg", "forum"),
    committee_name=("navn", "udvalgsnavn", "name"),
    committee_abbreviation=("forkortelse", "udvalgsforkortelse", "kortnavn"),
    date=("moededato", "dato", "starttidspunkt", "start"),
    time=("tidspunkt", "klokkeslaet", "starttid", "kl"),
    location=("sted", "moedested", "lokale"),
    url=("link", "url", "dagsordenlink"),
    items_container=("dagsordenpunkter", "punkter"),
    item=("dagsordenpunkt", "punkt"),
    item_id=("id", "punktid", "guid"),
    number=("nummer", "punktnummer", "nr"),
    case_code=("sagsgang", "behandlingsforloeb"),
    title=("overskrift", "titel"),
    item_url=("link", "url"),
    case_text=("sagsfremstilling", "resume", "beskrivelse"),
    closed=("lukket", "erlukket", "lukketpunkt"),
)


class SbsysImporter(XmlImporter):
    key = "sbsys"
    label = "SBSYS-dagsorden (XML)"
    root_names = frozenset({"dagsorden", "dagsordener"})
    root_names_display = "Dagsorden"
    fields = SBSYS_FIELDS

    def meeting_nodes(self, root: Node) -> list[Node]:
        if root.name == "dagsordener":
            return root.children_named("dagsorden")
        return [root]


register(SbsysImporter)
