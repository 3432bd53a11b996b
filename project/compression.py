"""Response compression that does not eat the time saved building the response.

Django's GZipMiddleware compresses at zlib level 6: ~15 ms per 1.6 MB of GeoJSON and
~155 ms per 15.5 MB on the dev machine, as long as the query. For the dataset's public
documents — GeoJSON, JSON and vector tiles, which hold no secret — this middleware uses
Zstandard (level 1) when the client accepts it (current browsers do): 15× faster than
Django's gzip and a smaller body; else gzip made by ISA-L at level 1: the same format for
every client, 18× faster, a body 1.4× larger (README, "Performance"). Everything else (HTML pages, with their CSRF
tokens) keeps Django's GZipMiddleware and its BREACH mitigation unchanged."""

import re

import zstandard
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from isal import igzip

PUBLIC_DATA_TYPES = ("application/geo+json", "application/json", "application/vnd.mapbox-vector-tile")
MIN_SIZE = 200  # below this, compressing is not worth it (Django's threshold too)
GZIP_LEVEL = 1  # ISA-L has levels 0–3; 2 was 2.7× slower for 3 % less
ZSTD_LEVEL = 1  # 3 was 2.9× slower for 6 % less
STREAM_CHUNK = 1 << 16

_ACCEPTS_ZSTD = _lazy_re_compile(r"\bzstd\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")
_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")


def choose_encoding(accept_encoding):
    """"zstd", "gzip" or None, from an Accept-Encoding header (q=0 refuses)."""
    if _ACCEPTS_ZSTD.search(accept_encoding):
        return "zstd"
    if _ACCEPTS_GZIP.search(accept_encoding):
        return "gzip"
    return None


def compress(data, encoding):
    if encoding == "zstd":
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
    return igzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def compress_stream(chunks, encoding):
    """The chunks compressed as one stream, flushed as they come (exports stream)."""
    if encoding == "zstd":
        compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compressobj()
    else:
        compressor = _GzipStream()
    for chunk in chunks:
        if out := compressor.compress(chunk):
            yield out
    yield compressor.flush()


class _GzipStream:
    """A gzip member written piece by piece with ISA-L (igzip_lib's raw deflate, with the
    gzip header and trailer: wbits 16 + 15)."""

    def __init__(self):
        from isal import isal_zlib

        self._compressor = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, 16 + 15)

    def compress(self, data):
        return self._compressor.compress(data)

    def flush(self):
        return self._compressor.flush()


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type not in PUBLIC_DATA_TYPES:
            return super().process_response(request, response)
        if response.has_header("Content-Encoding") or (not response.streaming and len(response.content) < MIN_SIZE):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding = choose_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding is None or getattr(response, "is_async", False):
            return response
        if response.streaming:
            response.streaming_content = compress_stream(response.streaming_content, encoding)
            del response.headers["Content-Length"]
        else:
            body = compress(response.content, encoding)
            if len(body) >= len(response.content):
                return response
            response.content = body
            response.headers["Content-Length"] = str(len(body))
        if etag := response.get("ETag"):
            # Another encoding is other bytes: a weak ETag, as Django's gzip makes it.
            response.headers["ETag"] = re.sub(r'^"', 'W/"', etag)
        response.headers["Content-Encoding"] = encoding
        return response
