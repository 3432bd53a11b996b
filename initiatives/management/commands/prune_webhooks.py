import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from initiatives.webhooks import pruning


class Command(BaseCommand):
    help = (
        "Delete the webhook messages that are done (every delivery delivered or given up) and "
        "older than --keep-days (default: the WEBHOOK_KEEP_DAYS setting), those no subscription "
        "wants any more, with their deliveries and attempts, and the task queue's finished tasks "
        "older than that. Pending deliveries are kept. For a daily cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=None, help="days of delivery log to keep")

    def handle(self, *args, keep_days=None, **options):
        keep_days = settings.WEBHOOK_KEEP_DAYS if keep_days is None else keep_days
        if keep_days < 1:
            raise CommandError("--keep-days : au moins 1 jour.")
        messages, tasks = pruning.prune(before=timezone.now() - dt.timedelta(days=keep_days))
        self.stdout.write(self.style.SUCCESS(
            f"{messages} message(s) webhook et {tasks} tâche(s) terminée(s) de plus de {keep_days} jour(s) supprimé(s)."
        ))  # fmt: skip
