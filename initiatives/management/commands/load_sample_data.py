from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from initiatives.importers import import_dataset

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "sample_data.yaml"


class Command(BaseCommand):
    help = (
        "Load the sample networks and initiatives of the seed documents (idempotent: "
        "running it again changes nothing unless the file changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))

    def handle(self, *args, path, **options):
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path}: expected a mapping with `themes` and `initiatives`")
        try:
            report = import_dataset(data)
        except ValidationError as exc:
            raise CommandError("nothing was loaded:\n  " + "\n  ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Sample data: {report}"))
