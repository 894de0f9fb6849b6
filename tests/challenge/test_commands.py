"""``glassnet challenge init | serve | demo`` from the command line."""
import csv
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from glassnet.cli import main

from .helpers import write_files

ROOT = Path(__file__).resolve().parents[2]


def test_init_creates_a_challenge_with_roster_codes(tmp_path, capsys):
    write_files(tmp_path / "src")
    (tmp_path / "roster.csv").write_text("name\nAda\nAlan\n")
    code = main(["challenge", "init", str(tmp_path / "ch"), "--train", str(tmp_path / "src/train.csv"),
                 "--test", str(tmp_path / "src/test.csv"), "--solution", str(tmp_path / "src/solution.csv"),
                 "--opens", "2027-03-01 08:00", "--closes", "2027-03-28 23:59", "--timezone", "Europe/Paris",
                 "--roster", str(tmp_path / "roster.csv")])
    out = capsys.readouterr().out
    assert code == 0 and "Teacher token (shown once" in out
    assert (tmp_path / "ch/public/test.csv").is_file() and (tmp_path / "ch/private/solution.csv").is_file()
    rows = list(csv.reader(open(tmp_path / "ch/join_codes.csv")))
    assert [r[0] for r in rows] == ["label", "Ada", "Alan"] and all("-" in r[1] for r in rows[1:])


def test_init_names_a_bad_setting(tmp_path, capsys):
    write_files(tmp_path / "src")
    code = main(["challenge", "init", str(tmp_path / "ch"), "--train", str(tmp_path / "src/train.csv"),
                 "--test", str(tmp_path / "src/test.csv"), "--solution", str(tmp_path / "src/solution.csv"),
                 "--opens", "2027-03-01 08:00", "--closes", "2027-03-28 02:30", "--timezone", "Europe/Paris"])
    assert code == 1
    assert "closes: '2027-03-28 02:30' does not exist in Europe/Paris" in capsys.readouterr().err
    assert not (tmp_path / "ch").exists()


def test_demo_then_serve_on_loopback(tmp_path):
    folder = tmp_path / "demo"
    assert main(["challenge", "demo", "--folder", str(folder), "--no-serve"]) == 0
    header = open(folder / "public/test.csv").readline().strip().split(",")
    assert header[0] == "id" and len(header) == 785 and "label" not in header
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen([sys.executable, "-m", "glassnet.cli", "challenge", "serve", str(folder),
                               "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        info = None
        for _ in range(300):
            try:
                info = httpx.get(f"http://127.0.0.1:{port}/api/challenge", timeout=1).json()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert info is not None and info["title"].startswith("Digits") and info["test_rows"] == 1000 and info["open"]
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out


def test_init_twice_in_one_folder_is_refused_and_keeps_the_files(tmp_path, capsys):
    write_files(tmp_path / "src")
    args = ["challenge", "init", str(tmp_path / "ch"), "--train", str(tmp_path / "src/train.csv"),
            "--test", str(tmp_path / "src/test.csv"), "--solution", str(tmp_path / "src/solution.csv"),
            "--opens", "2027-03-01 08:00", "--closes", "2027-03-28 23:59"]
    assert main(args) == 0
    solution = (tmp_path / "ch/private/solution.csv").read_bytes()
    write_files(tmp_path / "src", seed=9)
    assert main(args) == 1
    assert "a challenge called 'challenge' exists in this database already" in capsys.readouterr().err
    assert (tmp_path / "ch/private/solution.csv").read_bytes() == solution
