"""Importers of political committees' meetings and agenda items: pluggable parsers that turn a
file into ``ParsedMeeting`` objects (``base``), one module per format – SBSYS-style XML
(``sbsys``), Acadre-style XML (``acadre``) and iCalendar meeting dates (``ics``). Writing the
parsed data to the database is ``hearings.services.imports.import_file``.

    from hearings.importers import parse
    result = parse(data)          # detects the format; raises ImportRefused for a bad file
"""

from hearings.importers.base import (  # noqa: F401
    MAX_IMPORT_BYTES,
    MAX_ITEMS,
    MAX_MEETINGS,
    ImportRefused,
    ImportReport,
    ParsedItem,
    ParsedMeeting,
    ParseResult,
    ReportMeeting,
    detect,
    parse,
    register,
    registered,
)

# The built-in formats register themselves on import.
from hearings.importers import acadre, ics, sbsys  # noqa: E402,F401  isort: skip
