"""What the login rules cost: the password check (zxcvbn) and the throttle's claims (one upsert
per scope) next to the password hash itself, on SQLite; and how many of N parallel wrong
guesses reach the password check.

Prints figures (medians); asserts nothing. `.venv/bin/python bench/bench_login.py [--runs 50]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lesson_toolkit.app import create_app  # noqa: E402
from lesson_toolkit.authoring.workspace import throttle  # noqa: E402
from lesson_toolkit.authoring.workspace.accounts import (  # noqa: E402
    LoginThrottledError,
    authenticate,
    check_password,
    create_account,
)
from lesson_toolkit.extensions import db  # noqa: E402

PASSWORDS = ["correct horse battery", "rau cải xanh mùa đông", "x7#Lq-2v!mZ", "ruộng bậc thang mùa lúa chín" * 2]


def median_ms(action, runs: int) -> float:
    times = []
    for number in range(runs):
        start = time.perf_counter()
        action(number)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": tmp,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}"})  # fmt: skip
        with app.app_context():
            db.create_all()
            create_account(db.session, "tran", PASSWORDS[0], "translator")
            db.session.commit()
            rules = median_ms(lambda n: check_password(PASSWORDS[n % len(PASSWORDS)], "tran"), args.runs)

            def claim(n: int) -> None:
                throttle.claim(db.session, "address", f"10.1.{n // 250}.{n % 250}")
                throttle.claim(db.session, "account", f"name{n}")
                db.session.commit()

            claims = median_ms(claim, args.runs)

            def login(n: int) -> None:
                authenticate(db.session, "tran", PASSWORDS[0], f"10.2.0.{n % 250}")
                db.session.commit()

            logins = median_ms(login, args.runs)

        def guess(number: int) -> str:
            with app.app_context():
                try:
                    authenticate(db.session, "victim", f"guess {number}", f"10.3.{number}.1")
                    db.session.commit()
                    return "checked"
                except LoginThrottledError:
                    db.session.rollback()
                    return "refused"
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=args.parallel) as pool:
            results = list(pool.map(guess, range(args.parallel)))
    print(f"password rules (zxcvbn + own): median {rules:.2f} ms over {args.runs}")
    print(f"throttle claims (address + account upserts, commit), SQLite: median {claims:.2f} ms")
    print(f"whole right-password login (hash check included), SQLite: median {logins:.2f} ms")
    print(f"claims / login: {claims / logins:.2f}")
    print(
        f"{args.parallel} parallel wrong guesses: {results.count('checked')} checked, {results.count('refused')} refused"
    )


if __name__ == "__main__":
    main()
