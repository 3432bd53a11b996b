"""Read an import's bytes from a file or an http(s) URL, never trusting the other side.

Every address a URL leads to is checked by initiatives.outbound, the one rule for our
requests to others' addresses (no SSRF, no DNS rebinding). Redirects are followed by hand,
each one checked the same way, up to a limit. The body is read in chunks up to a size cap, under a timeout per socket operation and
an overall deadline, so a slow or endless answer is cut."""

import http.client
import io
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from initiatives import outbound

from .errors import ImportRefused

CHUNK = 64 * 1024


def read_source(location, *, max_bytes=None, allow_private=None):
    """The bytes at `location` (a path or an http(s) URL). Raises ImportRefused."""
    max_bytes = max_bytes or settings.IMPORT_MAX_BYTES
    if location.startswith(("http://", "https://")):
        if allow_private is None:
            allow_private = settings.IMPORT_ALLOW_PRIVATE_HOSTS
        return fetch_url(location, max_bytes=max_bytes, allow_private=allow_private)
    if "://" in location:
        raise ImportRefused(_("Seules les adresses http:// et https:// sont acceptées."))
    path = Path(location)
    if not path.is_file():
        raise ImportRefused(_("Fichier introuvable : %s") % location)
    if path.stat().st_size > max_bytes:
        raise ImportRefused(_too_big(max_bytes))
    return path.read_bytes()


def open_source(location, *, max_bytes=None, allow_private=None):
    """A binary file to read the import from: a local file is opened, not loaded, so that
    the import streams it; a URL's body (bounded by the size cap) is read first."""
    if location.startswith(("http://", "https://")) or "://" in location:
        return io.BytesIO(read_source(location, max_bytes=max_bytes, allow_private=allow_private))
    path = Path(location)
    if not path.is_file():
        raise ImportRefused(_("Fichier introuvable : %s") % location)
    if path.stat().st_size > (max_bytes or settings.IMPORT_MAX_BYTES):
        raise ImportRefused(_too_big(max_bytes or settings.IMPORT_MAX_BYTES))
    return path.open("rb")

@dataclass
class Fetched:
    """An answer: 200 with its body, or 304 (the copy we hold is current). The validators
    (ETag, Last-Modified) are what the next conditional request sends back."""

    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def fetch_url(url, *, max_bytes, allow_private=False):
    return fetch(url, max_bytes=max_bytes, allow_private=allow_private).body


def check_url(url, *, allow_private=None):
    """Refuse (ImportRefused) a URL that is not http(s) or whose host resolves to a private,
    loopback, link-local, multicast or reserved address; the address checked otherwise."""
    if allow_private is None:
        allow_private = settings.IMPORT_ALLOW_PRIVATE_HOSTS
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportRefused(_("Adresse refusée : %s") % url)
    return _checked_address(parts.hostname, parts.port, allow_private)


def fetch(url, *, max_bytes, allow_private=False, etag="", last_modified=""):
    """GET `url`, conditionally when `etag` or `last_modified` (of an earlier answer) is given."""
    deadline = time.monotonic() + settings.IMPORT_FETCH_DEADLINE
    headers = {"User-Agent": "carte-des-reseaux-import", "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(settings.IMPORT_MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        address = check_url(url, allow_private=allow_private)
        connection = _connection(parts, address)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise ImportRefused(_("Redirection sans destination depuis %s.") % url)
                url = urljoin(url, location)
                continue
            validators = {"etag": response.getheader("ETag") or "", "last_modified": response.getheader("Last-Modified") or ""}
            if response.status == 304 and (etag or last_modified):
                return Fetched(304, **validators)
            if response.status != 200:
                raise ImportRefused(_("Le serveur a répondu %(status)d pour %(url)s.") % {"status": response.status, "url": url})
            return Fetched(200, _read_body(response, max_bytes, deadline), **validators)
        except (TimeoutError, socket.timeout):
            raise ImportRefused(_("Le serveur ne répond pas à temps : %s") % url) from None
        except (OSError, http.client.HTTPException) as exc:
            raise ImportRefused(_("Impossible de lire %(url)s : %(error)s") % {"url": url, "error": exc}) from None
        finally:
            connection.close()
    raise ImportRefused(_("Trop de redirections (plus de %d) : la source tourne en rond ?") % settings.IMPORT_MAX_REDIRECTS)


def _checked_address(host, port, allow_private):
    try:
        return outbound.checked_address(host, port, allow_private=allow_private)
    except outbound.AddressRefused as refused:
        raise ImportRefused(str(refused)) from None


def _connection(parts, address):
    return outbound.pinned_connection(parts, address, timeout=settings.IMPORT_FETCH_TIMEOUT)


def _read_body(response, max_bytes, deadline):
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ImportRefused(_too_big(max_bytes))
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ImportRefused(_too_big(max_bytes))
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(max_bytes):
    return _("Fichier trop gros : la limite est de %d Mo (réglage IMPORT_MAX_BYTES).") % (max_bytes // (1024 * 1024) or 1)
