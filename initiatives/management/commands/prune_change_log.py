import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from initiatives import changelog


class Command(BaseCommand):
    help = (
        "Delete the partners' change feed entries older than --keep-days (default: the "
        "CHANGE_LOG_KEEP_DAYS setting). A partner whose cursor is older then gets a 410 telling it "
        "to resync in full; every other cursor resumes as before. For a daily cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=None, help="days of changes to keep")

    def handle(self, *args, keep_days=None, **options):
        keep_days = settings.CHANGE_LOG_KEEP_DAYS if keep_days is None else keep_days
        if keep_days < 1:
            raise CommandError("--keep-days : au moins 1 jour.")
        count = changelog.prune(before=timezone.now() - dt.timedelta(days=keep_days))
        self.stdout.write(self.style.SUCCESS(f"{count} changement(s) de plus de {keep_days} jour(s) supprimé(s)."))
