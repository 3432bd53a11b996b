"""Read an import's bytes from a file or an http(s) URL, never trusting the other side.

A URL is a door into our network (SSRF): every host name is resolved first and every
address checked (no private, loopback, link-local, multicast or reserved address), and the
connection then goes to the address that was checked, so a second DNS answer cannot swap it
(DNS rebinding). Redirects are followed by hand, each one checked the same way, up to a
limit. The body is read in chunks up to a size cap, under a timeout per socket operation and
an overall deadline, so a slow or endless answer is cut."""

import http.client
import io
import ipaddress
import socket
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

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


def fetch_url(url, *, max_bytes, allow_private=False):
    deadline = time.monotonic() + settings.IMPORT_FETCH_DEADLINE
    for _hop in range(settings.IMPORT_MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImportRefused(_("Adresse refusée : %s") % url)
        address = _checked_address(parts.hostname, parts.port, allow_private)
        connection = _connection(parts, address)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers={"User-Agent": "carte-des-reseaux-import", "Accept": "*/*"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise ImportRefused(_("Redirection sans destination depuis %s.") % url)
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise ImportRefused(_("Le serveur a répondu %(status)d pour %(url)s.") % {"status": response.status, "url": url})
            return _read_body(response, max_bytes, deadline)
        except (TimeoutError, socket.timeout):
            raise ImportRefused(_("Le serveur ne répond pas à temps : %s") % url) from None
        except (OSError, http.client.HTTPException) as exc:
            raise ImportRefused(_("Impossible de lire %(url)s : %(error)s") % {"url": url, "error": exc}) from None
        finally:
            connection.close()
    raise ImportRefused(_("Trop de redirections (plus de %d) : la source tourne en rond ?") % settings.IMPORT_MAX_REDIRECTS)


def _checked_address(host, port, allow_private):
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise ImportRefused(_("Nom de serveur inconnu : %s") % host) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not allow_private:
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise ImportRefused(
                    _("Adresse refusée : %(host)s mène à %(address)s, une adresse privée, locale ou réservée.")
                    % {"host": host, "address": address}
                )
    return str(addresses[0])


def _connection(parts, address):
    timeout = settings.IMPORT_FETCH_TIMEOUT
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(parts.hostname, parts.port, timeout=timeout)
    # Connect to the address that was checked; TLS still verifies the host name.
    connection._create_connection = lambda addr, *args, **kwargs: socket.create_connection(
        (address, addr[1]), *args, **kwargs
    )
    return connection


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
