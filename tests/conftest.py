import pytest


@pytest.fixture
def sample_data(db):
    """The real sample networks of fixtures/sample_data.yaml, loaded by the real command."""
    from django.core.management import call_command

    call_command("load_sample_data", verbosity=0)
