"""manage.py sync_sources [--source SLUG] [--force] — for cron or a systemd timer."""

from django.core.management.base import BaseCommand, CommandError

from initiatives.models import Source
from initiatives.sync import SKIPPED, sync_due


class Command(BaseCommand):
    help = "Synchronise les sources enregistrées qui sont dues (requête conditionnelle, import, archivage des disparues)."

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="cette source seulement, due ou non")
        parser.add_argument("--force", action="store_true", help="toutes les sources actives, sans requête conditionnelle")

    def handle(self, *args, source, force, **options):
        if source and not Source.objects.filter(slug=source).exists():
            raise CommandError(f"Source inconnue : {source}")
        outcomes = sync_due(slug=source, force=force)
        for outcome in outcomes:
            label = "ignorée" if outcome.status == SKIPPED else outcome.source.get_last_outcome_display()
            self.stdout.write(f"{outcome.source.slug} · {label}\n{outcome.message}")
        failed = [o.source.slug for o in outcomes if o.status == Source.Outcome.ERROR]
        if failed:
            # Every other source has been synced; the exit status tells cron something went wrong.
            raise CommandError(f"{len(failed)} source(s) en erreur : {', '.join(failed)}")
