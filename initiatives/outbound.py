"""Our requests to addresses given by others (import sources, webhook receivers): the one
rule for where they may go. A URL is a door into our network (SSRF): the host name is
resolved first and every address checked (no private, loopback, link-local, multicast or
reserved address), and the connection then goes to the address that was checked, so a
second DNS answer cannot swap it (DNS rebinding)."""

import http.client
import ipaddress
import socket

from django.utils.translation import gettext as _


class AddressRefused(ValueError):
    """The host cannot be reached, or leads somewhere we never connect to (message in French)."""


def checked_address(host, port, *, allow_private=False):
    """The address to connect to for `host`: the first it resolves to, once all are checked."""
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused(_("Nom de serveur inconnu : %s") % host) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not allow_private:
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise AddressRefused(
                    _("Adresse refusée : %(host)s mène à %(address)s, une adresse privée, locale ou réservée.")
                    % {"host": host, "address": address}
                )
    return str(addresses[0])


def pinned_connection(parts, address, *, timeout):
    """An HTTP(S) connection to `parts` (a urlsplit result) that goes to `address`, the one
    that was checked; TLS still verifies the host name."""
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(parts.hostname, parts.port, timeout=timeout)
    connection._create_connection = lambda addr, *args, **kwargs: socket.create_connection(
        (address, addr[1]), *args, **kwargs
    )
    return connection
