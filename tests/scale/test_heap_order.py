"""`manage.py order_map_heap` puts the initiatives' rows in spatial order, so that a bbox reads
few pages."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import BREST, LYON, make_initiative

pytestmark = pytest.mark.django_db


def towns_in_heap_order():
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(location) < 0 FROM initiatives_initiative ORDER BY ctid")
        return [west for (west,) in cursor.fetchall()]


def switches(sequence):
    return sum(a != b for a, b in zip(sequence, sequence[1:]))


def test_ordering_the_heap_groups_neighbours_on_the_same_pages():
    for i in range(40):  # inserted alternately: Brest, Lyon, Brest…
        town = BREST if i % 2 else LYON
        make_initiative(at=(town[0] + i * 1e-4, town[1]))
    # Mostly alternating: earlier tests' rolled-back writes can leave free space that an
    # insert reuses, so the heap is not always exactly in insertion order.
    assert switches(towns_in_heap_order()) >= 30
    call_command("order_map_heap", stdout=open("/dev/null", "w"))
    assert switches(towns_in_heap_order()) == 1
