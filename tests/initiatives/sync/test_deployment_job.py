"""docker-compose.yml runs sync_sources on a schedule (no Docker engine here: the file is
read and checked, as tests/test_deployment.py does for the app)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]


def test_the_sync_service_runs_the_real_command_with_the_apps_settings():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    sync, app = services["sync"], services["app"]

    assert "python manage.py sync_sources" in " ".join(sync["command"])
    assert (ROOT / "initiatives/management/commands/sync_sources.py").is_file()
    assert sync["depends_on"]["app"]["condition"] == "service_healthy"  # migrated first
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"):
        assert sync["environment"][name] == app["environment"][name]
    assert "ports" not in sync  # nothing listens
