from django.core.management.base import BaseCommand

from initiatives.map_cells import order_heap_spatially


class Command(BaseCommand):
    help = (
        "Rewrite the initiatives' table in spatial order (CLUSTER on a geohash), so "
        "that map and bbox reads touch few pages. Locks the table while it runs; re-run it "
        "after large imports (e.g. nightly)."
    )

    def handle(self, *args, **options):
        order_heap_spatially()
        self.stdout.write(self.style.SUCCESS("initiatives_initiative rewritten in spatial order."))
