"""manage.py import_initiatives --format gogocarto [--mapping FILE] [--source NAME] [--dry-run] PATH_OR_URL"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from initiatives.imports import FORMATS, ImportRefused, open_source, run_import


class Command(BaseCommand):
    help = "Importe des initiatives depuis un fichier ou une adresse web (CSV, GeoJSON, GoGoCarto, data·inclusion, LaMednum)."
    # The system checks load every URL module and template (seconds on a busy machine) and
    # say nothing about an import: like loaddata, this command skips them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("location", metavar="PATH_OR_URL")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--mapping", help="fichier YAML de correspondance (colonnes, catégories → thèmes, réseaux)")
        parser.add_argument("--source", help="nom de la source (par défaut : le format)")
        parser.add_argument("--dry-run", action="store_true", help="rapport seulement : rien n’est écrit")
        parser.add_argument("--skip-invalid", action="store_true", help="importer les lignes valides malgré des lignes invalides")
        parser.add_argument("--accept-duplicates", action="store_true", help="créer aussi les doublons possibles")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, location, format, mapping, source, dry_run, skip_invalid, accept_duplicates,
               no_progress, verbosity, **options):  # fmt: skip
        def progress(rows):
            # On stderr, and only on a terminal (tqdm's disable=None): logs stay clean.
            return tqdm(rows, desc="import", unit=" lignes", file=self.stderr._out,
                        disable=True if no_progress else None)  # fmt: skip

        try:
            with open_source(location) as data:
                report = run_import(data, format=format, source=source, mapping_path=mapping, apply=not dry_run,
                                    skip_invalid=skip_invalid, accept_duplicates=accept_duplicates,
                                    progress=progress)  # fmt: skip
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.header())
        if verbosity >= 1:
            for row in report.rows:
                self.stdout.write(str(row))
            if report.left_out:
                self.stdout.write(report.left_out_line())
        self.stdout.write(report.summary())
