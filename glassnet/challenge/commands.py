"""``glassnet challenge init | serve | demo``: the command line of the challenge (parsers and actions)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_parser(commands) -> None:
    """Add the ``challenge`` command and its subcommands to glassnet's parser."""
    challenge = commands.add_parser("challenge", help="run a class data challenge (leaderboard, quotas)",
                                    description="Create and serve a class data challenge.")
    sub = challenge.add_subparsers(dest="challenge_command", metavar="SUBCOMMAND")
    sub.required = True
    init = sub.add_parser("init", help="create a challenge in a folder from CSV files")
    init.add_argument("folder", type=Path)
    init.add_argument("--train", required=True, help="training CSV (features and the target column)")
    init.add_argument("--test", required=True, help="test CSV (the id column and the features)")
    init.add_argument("--solution", required=True, help="hidden labels CSV: id,target (never served)")
    init.add_argument("--metric", default="accuracy_score", help="a glassnet.metrics function; default: %(default)s")
    init.add_argument("--lower-is-better", action="store_true", help="override the metric's direction")
    init.add_argument("--opens", required=True, help="e.g. '2027-03-01 08:00' (local to --timezone)")
    init.add_argument("--closes", required=True, help="e.g. '2027-03-28 23:59' (local to --timezone)")
    init.add_argument("--timezone", default="UTC", help="IANA name; quotas reset at its midnight")
    init.add_argument("--title", default="Class challenge")
    init.add_argument("--slug", default="challenge")
    init.add_argument("--daily-limit", type=int, default=2)
    init.add_argument("--invalid-daily-limit", type=int, default=10)
    init.add_argument("--team-size", type=int, default=3)
    init.add_argument("--public-fraction", type=float, default=0.3)
    init.add_argument("--seed", type=int, default=0, help="seed of the public/private split")
    init.add_argument("--final", type=int, default=2, help="final submissions a team selects")
    init.add_argument("--decimals", type=int, default=4)
    init.add_argument("--id-column", default="id")
    init.add_argument("--target-column", default="label")
    init.add_argument("--max-upload-mb", type=float, default=16.0)
    init.add_argument("--roster", type=Path, help="CSV of student names: one join code each, into join_codes.csv")
    init.add_argument("--database", help="database URL (default: SQLite in the folder); e.g. postgresql://...")
    for name, helptext in (("serve", "serve a challenge"), ("demo", "the MNIST sample as a demo challenge, served")):
        parser = sub.add_parser(name, help=helptext)
        if name == "serve":
            parser.add_argument("folder", type=Path)
        else:
            parser.add_argument("--folder", type=Path, default=Path("glassnet_challenge_demo"))
            parser.add_argument("--timezone", default="UTC")
            parser.add_argument("--no-serve", action="store_true", help="create it, do not serve it")
        parser.add_argument("--database", help="database URL (default: SQLite in the folder)")
        parser.add_argument("--host", default="127.0.0.1", help="default: %(default)s")
        parser.add_argument("--port", type=int, default=8100, help="default: %(default)s")


def _url(args) -> str:
    from glassnet.challenge import db
    return args.database or os.environ.get("GLASSNET_CHALLENGE_DATABASE") or db.sqlite_url(args.folder / "challenge.db")


def _write_codes(folder: Path, codes) -> Path:
    import csv
    path = folder / "join_codes.csv"
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([("label", "code"), *codes])
    return path


def init(args) -> int:
    from glassnet.challenge import db
    from glassnet.challenge.creation import ChallengeSpec, add_join_codes, create_challenge
    spec = ChallengeSpec(
        title=args.title, metric=args.metric, opens=args.opens, closes=args.closes, timezone=args.timezone,
        slug=args.slug, daily_limit=args.daily_limit, invalid_daily_limit=args.invalid_daily_limit,
        team_size_limit=args.team_size, public_fraction=args.public_fraction, split_seed=args.seed,
        n_final=args.final, decimals=args.decimals, id_column=args.id_column, target_column=args.target_column,
        max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
        greater_is_better=False if args.lower_is_better else None)
    challenge_id, token = create_challenge(args.folder, args.train, args.test, args.solution, spec, args.database)
    print(f"Challenge {spec.slug!r} created in {args.folder}")
    print(f"Teacher token (shown once; keep it secret): {token}")
    if args.roster:
        names = [line.split(",")[0].strip() for line in args.roster.read_text(encoding="utf-8-sig").splitlines()]
        names = [n for n in names if n and n.lower() not in ("name", "student")]
        engine = db.make_engine(_url(args))
        with db.writer(engine).begin() as session:
            codes = add_join_codes(session, challenge_id, names)
        engine.dispose()
        print(f"{len(codes)} join codes written to {_write_codes(args.folder, codes)}")
    print(f"Serve it with: glassnet challenge serve {args.folder}")
    return 0


def serve(folder: Path, url: str, host: str, port: int) -> int:
    import uvicorn
    from glassnet.challenge.server import create_app
    from glassnet.challenge.service import Service
    service = Service(url)
    print(f"glassnet challenge: http://{host}:{port}/  (teacher page: http://{host}:{port}/teacher; "
          "Ctrl-C stops it)", flush=True)
    try:
        uvicorn.run(create_app(service), host=host, port=port, log_level="warning")
    finally:
        service.close()
    return 0


def demo(args) -> int:
    from glassnet.challenge.demo import create_demo
    created = create_demo(args.folder, timezone=args.timezone, database_url=args.database)
    print(f"Demo challenge created in {args.folder} (MNIST sample, accuracy, closes in 14 days)")
    print(f"Teacher token: {created['teacher_token']}")
    print(f"Join codes for students: {args.folder / 'join_codes.csv'} (first: {created['codes'][0][1]})")
    if args.no_serve:
        return 0
    return serve(args.folder, _url(args), args.host, args.port)


def main(args: argparse.Namespace) -> int:
    try:
        if args.challenge_command == "init":
            return init(args)
        if args.challenge_command == "demo":
            return demo(args)
        return serve(args.folder, _url(args), args.host, args.port)
    except ImportError as error:
        print(f"glassnet challenge: needs the challenge extra ({error.name} is missing): "
              "pip install 'glassnet[challenge]'", file=sys.stderr)
    except (ValueError, FileExistsError) as error:
        print(f"glassnet challenge: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        return 0
    return 1
