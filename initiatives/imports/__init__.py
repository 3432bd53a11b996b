"""Importing other networks' maps: readers per format, mappings, deduplication, a dry-run
report, then an atomic, idempotent write through the domain."""

from .errors import ImportRefused
from .fetch import read_source
from .plan import run_import

FORMATS = ("csv", "geojson", "gogocarto", "data-inclusion", "mednum")

__all__ = ["FORMATS", "ImportRefused", "read_source", "run_import"]
