"""Importing other networks' maps: readers per format, mappings, deduplication, a dry-run
report, then an atomic, idempotent write through the domain."""

from .errors import ImportRefused
from .fetch import open_source, read_source
from .plan import run_import

FORMATS = ("csv", "geojson", "gogocarto", "data-inclusion", "mednum")

__all__ = ["FORMATS", "ImportRefused", "open_source", "read_source", "run_import"]
