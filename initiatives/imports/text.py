"""Bytes to text, HTML to text.

Encodings: UTF-8 (with or without BOM) is tried first; bytes that are not UTF-8 are read as
Windows-1252, the superset of Latin-1 that French spreadsheets write (œ, €, ’), unless they
hold NUL bytes or bytes that Windows-1252 leaves undefined: then the encoding is unknown and
the file is refused rather than guessed (a statistical detector would guess, and a wrong
guess stores mojibake for good)."""

import codecs
import io
import re

import lxml.html
from lxml import etree
from django.utils.translation import gettext as _

from .errors import ImportRefused

UTF8_BOM = b"\xef\xbb\xbf"
CHUNK = 1024 * 1024
LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article", "table"}
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n{3,}")
WHITESPACE = re.compile(r"\s+")
DROPPED = {"script", "style", "template"}
HTML_PARSER = lxml.html.HTMLParser(huge_tree=True)  # nesting deeper than 256 keeps its text


def open_text(data):
    """(text stream, name of the encoding detected) for bytes or a binary file open for
    reading. The detection reads the file once, a chunk at a time,
    then the stream starts again from the beginning: memory stays flat whatever the size."""
    raw = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    raw.seek(0)
    if raw.read(3) == UTF8_BOM:
        if not _decodes(raw, "utf-8", start=3):
            raise ImportRefused(_("Encodage illisible : le fichier annonce de l’UTF-8 (BOM) mais n’en est pas.")) from None
        encoding, label = "utf-8-sig", "UTF-8 (avec BOM)"
    elif _holds_nul(raw):
        raise ImportRefused(_("Encodage inconnu (UTF-16 ou fichier binaire ?) : enregistrez le fichier en UTF-8."))
    elif _decodes(raw, "utf-8"):
        encoding, label = "utf-8", "UTF-8"
    elif _decodes(raw, "cp1252"):
        encoding, label = "cp1252", "Latin-1 (Windows-1252)"
    else:
        raise ImportRefused(_("Encodage inconnu : ni UTF-8 ni Latin-1. Enregistrez le fichier en UTF-8."))
    raw.seek(0)
    return io.TextIOWrapper(raw, encoding=encoding, newline=""), label


def _chunks(raw, start=0):
    raw.seek(start)
    while chunk := raw.read(CHUNK):
        yield chunk


def _decodes(raw, encoding, start=0):
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in _chunks(raw, start):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _holds_nul(raw):
    return any(b"\x00" in chunk for chunk in _chunks(raw))


def html_to_text(value):
    """Plain text from a value that may hold HTML (GoGoCarto descriptions hold <p>, <a>,
    <br>, entities), parsed by lxml (libxml2's HTML parser: a GoGoCarto file holds an HTML
    description per row, and a parser in Python cost more than the rest of the row).
    Paragraphs and line breaks become newlines, a link keeps its address in brackets; tags,
    comments, scripts and styles are dropped. Text without markup is left as it is."""
    if not value or not LOOKS_LIKE_HTML.search(value):
        return value
    root = etree.fromstring(value, HTML_PARSER)  # a whole document, or a fragment it wraps
    if root is None:
        return ""
    for element in [element for element in root.iter() if element.tag in DROPPED]:
        element.drop_tree()  # keeps the text that follows it
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if href.startswith(("http://", "https://")) and href not in link.text_content():
            if len(link):
                link[-1].tail = (link[-1].tail or "") + f" ({href})"
            else:
                link.text = (link.text or "") + f" ({href})"
    # Whitespace in HTML text is layout: collapse it, then mark the real breaks.
    parts = []
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if event == "start":
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCKS:
                parts.append("\n\n")
            if element.text:
                parts.append(WHITESPACE.sub(" ", element.text))
            continue
        if event == "end" and tag in BLOCKS:
            parts.append("\n\n")
        if element.tail and element is not root:
            parts.append(WHITESPACE.sub(" ", element.tail))
    lines = [SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
