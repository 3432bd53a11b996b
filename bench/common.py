"""What bench.run and bench.map share: the benchmark databases (carte_bench_<size>, made
with bench.generate when they do not hold exactly <size> bench initiatives, migrated in place
when only migrations are missing), a gunicorn server on 127.0.0.1 with bench.settings (static
files as in production when asked), and the memory of its workers read from /proc."""

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"  # git-ignored
PYTHON = sys.executable
SETTINGS = "bench.settings"
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def setup_environment():
    """The benchmark always uses the project-local cluster: DATABASE_URL would override it."""
    if os.environ.pop("DATABASE_URL", None):
        print("note: DATABASE_URL ignored, the benchmark uses the project-local cluster")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop, same thread


def db_name(size):
    return f"carte_bench_{size}"


def local_db():
    from django.conf import settings

    local = settings.LOCAL_DATABASE
    return {"host": local["HOST"], "port": local["PORT"], "user": local["USER"]}


def connect(dbname, **kwargs):
    import psycopg

    return psycopg.connect(dbname=dbname, **local_db(), **kwargs)


def _dataset_state(dbname):
    """'ok', or why the database must be (re)generated."""
    import psycopg

    try:
        with connect(dbname, autocommit=True) as conn:
            bench, other = conn.execute(
                "SELECT count(*) FILTER (WHERE source = 'bench'), count(*) FILTER (WHERE source <> 'bench')"
                " FROM initiatives_initiative"
            ).fetchone()
    except psycopg.OperationalError:
        return None, "missing"
    except psycopg.errors.UndefinedTable:
        return None, "not migrated"
    return (bench, other), "ok"


def _migrations_pending(dbname):
    env = {**os.environ, "LOCAL_DB_NAME": dbname}
    check = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--check"], cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if check.returncode and "Traceback" in check.stderr:
        raise RuntimeError(f"manage.py migrate --check failed:\n{check.stderr[-2000:]}")
    return check.returncode != 0


def _migrate(dbname):
    """The right data under older migrations: migrate it in place (minutes at 1M: index builds,
    the cells' rebuild) rather than generate it again (tens of minutes), with no statement
    timeout."""
    print(f"{dbname}: migrations pending → manage.py migrate", flush=True)
    started = time.perf_counter()
    env = {**os.environ, "LOCAL_DB_NAME": dbname, "DB_STATEMENT_TIMEOUT": "0"}
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"{dbname}: migrated in {time.perf_counter() - started:.0f} s", flush=True)


def ensure_dataset(size, *, seed=1):
    """carte_bench_<size> holding exactly `size` initiatives from bench.generate, migrated."""
    dbname = db_name(size)
    counts, state = _dataset_state(dbname)
    if state == "ok" and counts == (size, 0):
        if _migrations_pending(dbname):
            _migrate(dbname)
        return dbname
    reason = state if state != "ok" else f"holds {counts[0]} bench + {counts[1]} other initiatives"
    print(f"{dbname}: {reason} → python -m bench.generate --count {size} --db {dbname}", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "bench.generate", "--count", str(size), "--db", dbname, "--seed", str(seed)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"{dbname}: generated in {time.perf_counter() - started:.0f} s", flush=True)
    return dbname


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(server, name, url, *, seconds, ready=lambda: True):
    """Wait for `server` (its `process`, `log` and `__exit__`) to answer 200 at `url` and be
    `ready()`; stop it and raise, pointing at its log, if it exits or takes over `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"{name} exited ({server.process.returncode}), see {server.log.name}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200 and ready():
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.__exit__()
            raise RuntimeError(f"{name} did not answer {url} within {seconds} s, see {server.log.name}")
        time.sleep(0.2)


@contextlib.contextmanager
def production_static(root=ROOT):
    """The static files of the checkout at `root` as production serves them: collected into a
    temporary STATIC_ROOT by whitenoise's CompressedManifestStaticFilesStorage (hashed names,
    gzip and brotli beside each file). Yields that directory, for Server(static_root=…)."""
    static_root = tempfile.mkdtemp(prefix="carte-static-")
    try:
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=root, check=True,
                       env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "BENCH_STATIC_ROOT": static_root})
        yield static_root
    finally:
        shutil.rmtree(static_root)


class Server:
    """gunicorn (2 sync workers, --preload) serving bench.settings on the given database, from
    this checkout or the one at `root`; static files from the apps, or collected as in
    production (`static_root`, see production_static)."""

    def __init__(self, dbname, *, workers=2, timeout=600, root=ROOT, static_root=None):
        self.dbname, self.workers, self.timeout, self.root = dbname, workers, timeout, Path(root)
        self.static_root = static_root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "LOCAL_DB_NAME": self.dbname}
        if self.static_root:
            env["BENCH_STATIC_ROOT"] = self.static_root
        RESULTS.mkdir(exist_ok=True)
        other = "" if self.root == ROOT else f"-{self.root.name}"  # another checkout (bench.map --against)
        self.log = open(RESULTS / f"gunicorn-{self.dbname}{other}.log", "w")
        self.process = subprocess.Popen(
            [GUNICORN, "project.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--preload", "--timeout", str(self.timeout),
             "--graceful-timeout", "5"],
            cwd=self.root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_up(self, "gunicorn", f"{self.base}/healthz", seconds=60,
                      ready=lambda: len(self.worker_pids()) == self.workers)
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def worker_pids(self):
        """The gunicorn workers: the children of the master process."""
        master = self.process.pid
        path = Path(f"/proc/{master}/task/{master}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            pids = []
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                    except OSError:
                        continue
                    if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                        pids.append(int(entry.name))
            return pids


def memory_kb(pid):
    """{'VmRSS': kB, 'VmHWM': kB} of a process, from /proc/<pid>/status."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def cpu_ticks(pid):
    """utime + stime of a process (clock ticks), from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def tree_cpu_seconds(pid):
    """CPU seconds (user + system) a process and all its descendants have used, the exited ones
    included (a parent's cutime/cstime holds its reaped children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return own + sum(tree_cpu_seconds(int(child)) for child in children)


def postgres_pid():
    """The local cluster's postmaster (scripts/localdb), from its pid file."""
    data = Path(os.environ.get("LOCALDB_DIR", ROOT / ".pgdata")) / "data" / "postmaster.pid"
    return int(data.read_text().split()[0])


class CpuMeter:
    """CPU time that requests cost, robust to the load of a shared machine where wall times are
    not: the servers' process trees (workers included) plus the PostgreSQL cluster's (its
    backends included, the exited ones too). Requests must be sent one at a time; the
    cluster's background work (autovacuum, checkpoints) is counted too, a small noise."""

    def __init__(self, *pids):
        self.pids = (*pids, postgres_pid())

    def __call__(self):
        return sum(tree_cpu_seconds(pid) for pid in self.pids)


def save_report(text, suffix=""):
    """Print a report and keep it as bench/results/<timestamp><suffix>.md."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}{suffix}.md"
    path.write_text(text)
    print("\n" + text)
    print(f"saved to {path.relative_to(ROOT)}")
