"""The run command on a machine where it cannot install system packages says exactly what to
install, exits non-zero and touches nothing (no virtualenv, no database)."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_without_root_and_without_gdal_it_says_what_to_install(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "scripts", checkout / "scripts")
    shutil.copy(ROOT / "pyproject.toml", checkout)
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    # An unprivileged user on a machine whose linker knows no GDAL.
    (fake_bin / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake_bin / "ldconfig").write_text("#!/bin/sh\nexit 0\n")
    for tool in fake_bin.iterdir():
        tool.chmod(0o755)
    result = subprocess.run(
        ["bash", "scripts/setup"], cwd=checkout, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}", "DATABASE_URL": ""},
    )  # fmt: skip
    assert result.returncode != 0
    assert "missing system packages: gdal-bin" in result.stderr
    assert "sudo apt-get install python3-venv postgresql postgresql-contrib postgresql-postgis gdal-bin" in result.stderr
    assert not (checkout / ".venv").exists()
    assert not (checkout / ".pgdata").exists()
