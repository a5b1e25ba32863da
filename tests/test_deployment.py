"""Production shape: two gunicorn instances over one PostgreSQL database, behind no proxy.

Both serve pages and record learners' feedback at the same time, sharing the database and the
secret key (as README.md's deployment section says), with no error and no lost vote.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import empty_postgres
from tests.servers import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.postgres
CLIENTS, ROUNDS = 8, 2


@pytest.fixture
def fresh_postgres(postgres_url):
    return empty_postgres(postgres_url).replace("postgresql+psycopg://", "postgresql://")  # as a host writes it


def production_env(content, tmp_path, database_url, name):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update({
        "DATABASE_URL": database_url,
        "FLASK_SECRET_KEY": "one-secret-shared-by-every-instance",
        "FLASK_LESSONS_DIR": str(content / "lessons"),
        "FLASK_LOCALES_DIR": str(content / "locales"),
        "FLASK_INSTANCE_PATH": str(tmp_path / f"instance-{name}"),
        "FLASK_TRAINER_WORKSPACE": "false",
        "FLASK_SESSION_COOKIE_SECURE": "false",  # plain http on loopback
    })  # fmt: skip
    return env


def start(env, port, log: Path):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", str(log), "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
        return True

    wait_until(answers, timeout=20, gave_up=log.read_text)
    return process, url


def learner(servers, slugs, errors, voters):
    """One browser: reads every lesson on one instance and votes through the other."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        for round_ in range(ROUNDS):
            for index, slug in enumerate(slugs):
                read, vote = servers[index % 2], servers[(index + 1) % 2]
                with opener.open(f"{read}/vi/lessons/{slug}", timeout=30) as response:
                    page = response.read().decode()
                token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
                data = urllib.parse.urlencode({"csrf_token": token, "helpful": "yes" if round_ else "no"}).encode()
                with opener.open(f"{vote}/vi/lessons/{slug}/feedback", data=data, timeout=30) as response:
                    assert response.status == 200 and "/thanks" in response.url
        voters.append(next(c.value for c in jar if c.name == "voter"))
    except Exception as exc:  # noqa: BLE001 (every failure is counted and shown)
        errors.append(repr(exc))


def test_two_instances_over_one_postgresql_serve_and_record_feedback(content, tmp_path, fresh_postgres):
    env_a = production_env(content, tmp_path, fresh_postgres, "a")
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env_a,
                   check=True, capture_output=True)  # fmt: skip
    processes = []
    try:
        for name in ("a", "b"):
            env = production_env(content, tmp_path, fresh_postgres, name)
            process, url = start(env, free_port(), tmp_path / f"gunicorn-{name}.log")
            processes.append((process, url))
        servers = [url for _, url in processes]
        with pytest.raises(urllib.error.HTTPError) as missing:  # delivery instances have no workspace
            urllib.request.urlopen(f"{servers[0]}/trainer/login")
        assert missing.value.code == 404
        slugs = sorted(p.parent.name for p in (content / "lessons").glob("*/lesson.md"))
        errors, voters = [], []
        threads = [threading.Thread(target=learner, args=(servers, slugs, errors, voters)) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert errors == []
        for name in ("a", "b"):
            assert "Traceback" not in (tmp_path / f"gunicorn-{name}.log").read_text()
        assert len(set(voters)) == CLIENTS
        engine = create_engine(fresh_postgres.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT count(*), sum(CASE WHEN helpful THEN 1 ELSE 0 END) FROM feedback")).one()
        engine.dispose()
        assert rows == (CLIENTS * len(slugs), CLIENTS * len(slugs))  # one vote per browser and lesson, the last one
    finally:
        for process, _ in processes:
            process.terminate()
            process.wait(timeout=20)
