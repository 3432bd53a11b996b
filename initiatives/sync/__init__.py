"""Registered sources kept in step with ours (manage.py sync_sources): fetch, import,
three-way check of local edits, archive what vanished."""

from .run import SKIPPED, Outcome, sync_due, sync_source

__all__ = ["SKIPPED", "Outcome", "sync_due", "sync_source"]
