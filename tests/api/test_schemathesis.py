"""schemathesis against the real server: a bounded, deterministic run over every operation of
the read and write API with every check (positive and negative data, status codes, content
types, headers, response schemas, server errors), so the OpenAPI schema and the API cannot
drift apart. Its pytest plugin does not run under pytest 9 (subtests), so the CLI runs here,
against the live server, as a partner would run it. positive_data_acceptance is replaced by
its variant in schemathesis_hooks.py, which allows only 400s the schema cannot state."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES_PER_OPERATION = int(os.environ.get("ST_EXAMPLES", 30))
SEED = 20260101


@pytest.fixture
def unlimited_writes(settings, monkeypatch):
    """Quotas are tested elsewhere (test_proposals.py); here they would only turn late cases into 429s."""
    from api.views.proposals import ContributorProposalThrottle

    settings.ANONYMOUS_PROPOSALS_RATE = "100000/h"
    monkeypatch.setattr(ContributorProposalThrottle, "THROTTLE_RATES", {"user_write": "100000/h"})


def test_the_api_does_what_its_schema_says(live_server, little_map, unlimited_writes, tmp_path):
    token = Token.objects.create(user=make_user("tina", role="trusted")).key
    events = tmp_path / "events.ndjson"
    result = subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(Path(__file__).with_name("schemathesis.toml")),
         "run", f"{live_server.url}/api/v1/schema/",
         "--checks", "all", "--exclude-checks", "positive_data_acceptance",
         "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", str(SEED), "--generation-deterministic",
         "--phases", os.environ.get("ST_PHASES", "examples,fuzzing"), "--workers", "1", "--no-color",
         "--header", f"Authorization: Token {token}",
         "--report", "ndjson", "--report-ndjson-path", str(events)],
        cwd=tmp_path, env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=int(os.environ.get("ST_TIMEOUT", 300)),
    )  # fmt: skip
    summary = result.stdout[-6000:]
    Path(os.environ.get("ST_OUT", os.devnull)).write_text(result.stdout)
    assert result.returncode == 0, summary
    assert "passed" in summary
    print(summary[-1500:])
