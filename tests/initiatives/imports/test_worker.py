"""The import's second thread runs its tasks on the caller's connection (in its transaction:
it sees the caller's uncommitted rows) and in the caller's language."""

import pytest
from django.utils import translation

from initiatives.imports.worker import second_thread
from initiatives.models import Initiative
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def test_a_task_sees_the_callers_transaction_and_speaks_its_language():
    made = make_initiative(name="Maison du libre")  # not committed: the test's transaction

    def look():
        return list(Initiative.objects.filter(pk=made.pk).values_list("name", flat=True)), translation.get_language()

    with translation.override("en"), second_thread() as submit:
        assert submit(look).result() == (["Maison du libre"], "en")
