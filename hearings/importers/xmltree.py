"""Safe XML reading for the importers: a small element tree that remembers the line of every
element, built with ``defusedxml``'s SAX parser.

Safety: a file with a document type declaration (``<!DOCTYPE``) is refused outright, and so
is any entity declaration or external reference – that closes the "billion laughs" entity
expansion and XXE (reading local files or URLs through an external entity). The file size
is limited before parsing (``base.MAX_IMPORT_BYTES``), and so are the nesting depth and the
number of elements.

Names are compared *normalised*: without namespace or prefix, lower case, Danish letters
spelt out (ø → oe, æ → ae, å → aa) and without ``-``/``_``, so ``<Mødedato>``,
``<Moededato>`` and ``<sb:MOEDEDATO>`` are the same field to the importers.

Errors are Danish: "Filen er ikke gyldig XML: et slutmærke passer ikke til startmærket
(linje 7, kolonne 3)."
"""

from __future__ import annotations

import codecs
import re
import xml.sax  # nosec B406  # handler classes only; the parser is defusedxml's
from io import BytesIO

from defusedxml import sax as defused_sax
from defusedxml.common import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from django.utils.translation import gettext as _

from hearings.importers.base import ImportRefused, clean_line, clean_text

MAX_DEPTH = 64
MAX_ELEMENTS = 200_000  # a manifest of 2,000 items has about 20,000

_TRANSLATE = str.maketrans({"ø": "oe", "æ": "ae", "å": "aa", "-": "", "_": "", ".": ""})


def normalise(name: str) -> str:
    """``"sb:Mødedato"`` / ``"{urn:x}MOEDEDATO"`` → ``"moededato"``."""
    local = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
    return local.lower().translate(_TRANSLATE)


# Block elements in rich case texts: their text starts a new paragraph.
_BLOCKS = {"p", "afsnit", "paragraph", "para", "div", "li", "br", "h1", "h2", "h3", "h4", "tr", "linje", "line"}


class Node:
    """One element: normalised ``name``, ``raw_name`` as written, ``attrs`` (normalised names),
    ``content`` (text and child nodes in document order), ``line`` and ``column``."""

    __slots__ = ("name", "raw_name", "attrs", "content", "line", "column")

    def __init__(self, raw_name: str, attrs: dict[str, str], line: int, column: int):
        self.raw_name = raw_name
        self.name = normalise(raw_name)
        self.attrs = attrs
        self.content: list[str | Node] = []
        self.line = line
        self.column = column

    def __repr__(self):
        return f"<Node {self.raw_name} line {self.line}>"

    @property
    def children(self) -> list[Node]:
        return [part for part in self.content if isinstance(part, Node)]

    def child(self, *names: str) -> Node | None:
        """The first child element with one of the (normalised) ``names``, in the order given."""
        children = self.children
        for name in names:
            for node in children:
                if node.name == name:
                    return node
        return None

    def children_named(self, *names: str) -> list[Node]:
        return [node for node in self.children if node.name in names]

    def text(self) -> str:
        """All text inside the element as plain paragraphs (block children start new ones)."""
        pieces: list[str] = []
        stack: list[str | Node] = [self]
        while stack:  # iterative: nesting depth never costs recursion
            part = stack.pop()
            if isinstance(part, str):
                pieces.append(part)
                continue
            if part is not self and part.name in _BLOCKS:
                stack.append("\n\n")
            stack.extend(reversed(part.content))
            if part is not self and part.name in _BLOCKS:
                pieces.append("\n\n")
        return clean_text("".join(pieces))

    def line_text(self) -> str:
        return clean_line(self.text())

    def value(self, *names: str) -> tuple[str, int]:
        """The first non-empty attribute or child element among ``names`` (attributes first),
        as one clean line, and the line it was found on."""
        for name in names:
            if name in self.attrs and clean_line(self.attrs[name]):
                return clean_line(self.attrs[name]), self.line
            node = self.child(name)
            if node is not None:
                text = node.line_text()
                if text:
                    return text, node.line
        return "", self.line

    def long_value(self, *names: str) -> str:
        """Like ``value`` for a multi-paragraph text (a case text)."""
        for name in names:
            node = self.child(name)
            if node is not None:
                text = node.text()
                if text:
                    return text
            if name in self.attrs and clean_text(self.attrs[name]):
                return clean_text(self.attrs[name])
        return ""


class _Builder(xml.sax.ContentHandler):
    def __init__(self, stop_at_root: bool = False):
        super().__init__()
        self.stop_at_root = stop_at_root
        self.locator = None
        self.root: Node | None = None
        self.stack: list[Node] = []
        self.count = 0

    def setDocumentLocator(self, locator):  # noqa: N802 (SAX API)
        self.locator = locator

    def position(self) -> tuple[int, int]:
        if self.locator is None:
            return 0, 0
        return self.locator.getLineNumber() or 0, (self.locator.getColumnNumber() or 0) + 1

    def startElement(self, name, attrs):  # noqa: N802
        line, column = self.position()
        node = Node(name, {normalise(k): v for k, v in attrs.items() if not k.startswith("xmlns")}, line, column)
        if self.stop_at_root:
            raise _RootFound(name)
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise ImportRefused(_("Linje %(line)s: XML-filen har mere end %(max)s elementer og kan ikke være et "
                                  "dagsordensmanifest.") % {"line": line, "max": f"{MAX_ELEMENTS:,}".replace(",", ".")},
                                line=line, code="too_many")
        if len(self.stack) >= MAX_DEPTH:
            raise ImportRefused(_("Linje %(line)s: XML-filen er indlejret mere end %(max)s niveauer dybt og kan "
                                  "ikke være et dagsordensmanifest.") % {"line": line, "max": MAX_DEPTH},
                                line=line)
        if self.stack:
            self.stack[-1].content.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name):  # noqa: N802
        self.stack.pop()

    def characters(self, content):
        if self.stack:
            parent = self.stack[-1]
            if parent.content and isinstance(parent.content[-1], str):
                parent.content[-1] += content
            else:
                parent.content.append(content)


class _RootFound(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


# Expat's messages (English) in Danish; anything not listed is shown as expat wrote it.
_EXPAT_DANISH = {
    "syntax error": "syntaksfejl",
    "no element found": "filen slutter, før XML-dokumentet er afsluttet",
    "not well-formed (invalid token)": "ugyldigt tegn eller ugyldig opbygning",
    "unclosed token": "et mærke er ikke afsluttet",
    "partial character": "et tegn er skåret over",
    "mismatched tag": "et slutmærke passer ikke til startmærket",
    "duplicate attribute": "en attribut står to gange i samme element",
    "junk after document element": "der står indhold efter dokumentets sidste slutmærke",
    "undefined entity": "ukendt tegnreference (&…;)",
    "unknown encoding": "ukendt tegnsæt i XML-erklæringen",
    "encoding specified in XML declaration is incorrect": "tegnsættet i XML-erklæringen passer ikke til filen",
    "unclosed CDATA section": "en CDATA-sektion er ikke afsluttet",
    "reference to invalid character number": "henvisning til et tegn, der ikke er tilladt i XML",
    "XML or text declaration not at start of entity": "XML-erklæringen står ikke først i filen",
    "incomplete markup in parameter entity": "ufuldstændig opmærkning",
    "illegal character(s) in public id": "ugyldige tegn i en offentlig id",
    "unbound prefix": "et navnerumspræfiks er ikke erklæret",
    "must not undeclare prefix": "et navnerumspræfiks må ikke ophæves",
    "reserved prefix (xml) must not be undeclared or bound to another namespace name":
        "præfikset xml må ikke omdefineres",
    "reserved prefix (xmlns) must not be declared or undeclared": "præfikset xmlns må ikke erklæres",
}

_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def _check_encoding(data: bytes) -> None:
    """Refuse a file whose bytes do not match its declared encoding (UTF-8 when none is
    declared), naming the first bad line – expat alone would only say "invalid token"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        match = _DECLARED.match(data.removeprefix(b"\xef\xbb\xbf")[:200])
        encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise ImportRefused(_("Filen er ikke gyldig XML: tegnsættet “%(encoding)s” i XML-erklæringen kendes "
                              "ikke. Gem filen som UTF-8.") % {"encoding": encoding[:40]}, line=1,
                            code="encoding") from None
    try:
        data.decode(codec.name)
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ImportRefused(_("Filen er ikke gemt i det tegnsæt, den siger (%(encoding)s): linje %(line)s "
                              "indeholder tegn, der ikke kan læses. Gem filen som UTF-8 og prøv igen.")
                            % {"encoding": encoding.upper(), "line": line}, line=line, code="encoding") from None


def _parse(data: bytes, handler: _Builder) -> None:
    _check_encoding(data)
    source = xml.sax.InputSource()
    source.setByteStream(BytesIO(data))
    parser = defused_sax.make_parser()
    parser.setContentHandler(handler)
    parser.setErrorHandler(xml.sax.ErrorHandler())
    parser.forbid_dtd = True
    parser.forbid_entities = True
    parser.forbid_external = True
    try:
        parser.parse(source)
    except xml.sax.SAXParseException as error:
        line, column = error.getLineNumber(), (error.getColumnNumber() or 0) + 1
        reason = error.getMessage()
        raise ImportRefused(_("Filen er ikke gyldig XML: %(reason)s (linje %(line)s, kolonne %(column)s).")
                            % {"reason": _EXPAT_DANISH.get(reason, reason), "line": line, "column": column},
                            line=line, code="malformed") from None
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden, DefusedXmlException):
        line = handler.position()[0] or None
        where = _(" (linje %(line)s)") % {"line": line} if line else ""
        raise ImportRefused(_("Filen er afvist af sikkerhedshensyn%(where)s: den indeholder en dokumenttypeerklæring "
                              "(<!DOCTYPE …>) eller entiteter. Et dagsordensmanifest har ingen af delene.")
                            % {"where": where}, line=line, code="unsafe") from None
    except (xml.sax.SAXException, ValueError, LookupError) as error:  # e.g. an encoding expat cannot use
        if isinstance(error, ImportRefused):
            raise
        raise ImportRefused(_("Filen er ikke gyldig XML og kan ikke læses (%(reason)s).")
                            % {"reason": clean_line(str(error))[:120]}, code="malformed") from None


def root_name(data: bytes) -> str:
    """The root element's name as written, reading only as far as it (safely)."""
    handler = _Builder(stop_at_root=True)
    try:
        _parse(data, handler)
    except _RootFound as found:
        return found.name
    raise ImportRefused(_("Filen er ikke gyldig XML: der er intet rodelement."), code="malformed")


def parse_xml(data: bytes) -> Node:
    """The whole document as a Node tree. Raises ImportRefused (Danish, with line and column)."""
    handler = _Builder()
    _parse(data, handler)
    if handler.root is None:
        raise ImportRefused(_("Filen er ikke gyldig XML: der er intet rodelement."), code="malformed")
    return handler.root
