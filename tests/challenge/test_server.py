"""The HTTP API: the whole student path, nothing hidden ever in an answer, the solution never
served, uploads cut off at the limit while streaming, the teacher's routes guarded."""
import asyncio
import itertools
import warnings

import pytest
from sqlalchemy import select

from glassnet.challenge import clock
from glassnet.challenge.creation import add_join_codes
from glassnet.challenge.models import Submission
from glassnet.challenge.server import create_app

from .helpers import snapshot

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx still works for these tests
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def client(world):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(create_app(world.service))


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class Recorder:
    """Every answer's body, to search them all for what must never leave the server."""

    def __init__(self, client):
        self.client, self.bodies = client, []

    def __getattr__(self, method):
        def call(*args, **kwargs):
            response = getattr(self.client, method)(*args, **kwargs)
            self.bodies.append(response.text)
            return response
        return call


def test_student_path_and_nothing_hidden_before_the_reveal(world, client):
    http = Recorder(client)
    with world.service.write.begin() as session:
        [(_, code)] = add_join_codes(session, world.service.settings.id, ["Ada"])
    token = http.post("/api/join", json={"code": code, "name": "Ada"}).json()["token"]
    assert http.post("/api/teams", json={"name": "Analytical"}, headers=bearer(token)).status_code == 200
    for wrong in (2, 5):
        answer = http.post("/api/submissions", content=world.correct(wrong=wrong), headers=bearer(token))
        assert answer.status_code == 200, answer.text
        assert set(answer.json()) == {"id", "public_score", "team", "submitted_at", "quota"}
    refused = http.post("/api/submissions", content=world.correct(), headers=bearer(token))
    assert refused.status_code == 429 and "resets at" in refused.json()["error"]
    me = http.get("/api/me", headers=bearer(token)).json()
    assert me["quota"] == {"day": "2027-03-10", "used": 2, "limit": 2, "remaining": 0,
                           "resets_at": "2027-03-11T00:00:00.000+01:00", "timezone": "Europe/Paris"}
    board = http.get("/api/leaderboard").json()
    assert [r["team"] for r in board["rows"]] == ["Analytical"]
    assert http.get("/api/leaderboard?board=private").status_code == 403
    http.get("/api/challenge")
    http.get("/")
    test_csv = http.get("/data/test.csv")
    assert test_csv.status_code == 200 and test_csv.text.splitlines()[0] == "id,x"
    http.get("/api/teacher/overview", headers=bearer(world.teacher_token))
    with world.service.read() as session:
        private = session.scalars(select(Submission.private_score)).all()
        public = session.scalars(select(Submission.public_score)).all()
    assert set(private).isdisjoint(public)
    for body in http.bodies:
        assert "private_score" not in body
        for score in private:
            assert repr(score) not in body and format(score, ".4f") not in body
        assert "t0," + str(world.labels[0]) not in body  # no line of the solution file
    # after the deadline the teacher reveals: then, and only then, private scores appear
    world.clock.us = world.service.settings.closes_at_us
    assert client.post("/api/teacher/reveal", headers=bearer(token)).status_code == 403
    assert client.post("/api/teacher/reveal", headers=bearer(world.teacher_token)).status_code == 200
    private_board = client.get("/api/leaderboard?board=private").json()
    assert private_board["rows"][0]["score"] in {round(p, 4) for p in private}
    grades = client.get("/api/teacher/export.csv", headers=bearer(world.teacher_token))
    assert grades.text.splitlines()[0] == "rank,team,members,private_score,public_rank,public_score"
    assert grades.text.splitlines()[1].startswith("1,Analytical,Ada,")


def test_reveal_refused_before_the_deadline(world, client):
    answer = client.post("/api/teacher/reveal", headers=bearer(world.teacher_token))
    assert answer.status_code == 409 and "after the deadline" in answer.json()["error"]
    assert client.get("/api/teacher/export.csv", headers=bearer(world.teacher_token)).status_code == 409


@pytest.mark.parametrize("path", ["/data/solution.csv", "/data/..%2Fprivate%2Fsolution.csv", "/private/solution.csv",
                                  "/static/../private/solution.csv", "/static/%2e%2e/%2e%2e/private/solution.csv",
                                  "/static/..%2F..%2Fprivate%2Fsolution.csv", "/challenge.db", "/data/challenge.db"])
def test_the_solution_file_is_never_served(world, client, path):
    answer = client.get(path)
    assert answer.status_code in (400, 404)
    assert "t0," not in answer.text


def test_teacher_routes_need_the_teacher_token(world, client):
    [student] = world.team("t")
    for method, path in [("get", "/api/teacher/overview"), ("post", "/api/teacher/codes"),
                         ("post", "/api/teacher/reveal"), ("get", "/api/teacher/export.csv"),
                         ("post", "/api/teacher/move")]:
        for headers in ({}, bearer(student), bearer(world.teacher_token + "x")):
            answer = getattr(client, method)(path, headers=headers)
            assert answer.status_code == 403, (path, headers)
    made = client.post("/api/teacher/codes", json={"count": 3}, headers=bearer(world.teacher_token)).json()
    assert len(made["codes"]) == 3
    roster = client.post("/api/teacher/roster", content="name\nAda Lovelace\nAlan Turing\n",
                         headers=bearer(world.teacher_token)).json()
    assert [c["label"] for c in roster["codes"]] == ["Ada Lovelace", "Alan Turing"]
    assert client.post("/api/join", json={"code": roster["codes"][1]["code"], "name": "Alan"}).status_code == 200
    overview = client.get("/api/teacher/overview", headers=bearer(world.teacher_token)).json()
    assert {s["name"] for s in overview["students"]} >= {"Alan", "t-0"}


def asgi_post(app, path, headers, chunks):
    """POST to the ASGI app directly, feeding the body chunk by chunk; (status, bytes pulled)."""
    pulled, messages = [0], []

    async def receive():
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled[0] += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000)}
    asyncio.run(app(scope, receive, send))
    return messages[0]["status"], pulled[0]


def test_a_1_gb_upload_is_cut_off_at_the_limit(make_world):
    w = make_world(max_upload_bytes=1 << 20)
    [token] = w.team("big")
    app = create_app(w.service)
    before = snapshot(w.service)
    one_gb = (b"t0,1\n" * 200_000 for _ in range(1000))  # 1000 chunks of 1 MB, made lazily
    status, pulled = asgi_post(app, "/api/submissions", bearer(token), itertools.chain([b"id,label\n"], one_gb))
    assert status == 413
    assert pulled <= (1 << 20) + 1_000_009  # the limit plus the chunk that crossed it, not 1 GB
    # a declared length over the limit is refused before reading anything
    status, pulled = asgi_post(app, "/api/submissions", {**bearer(token), "content-length": str(10**9)},
                               iter([b"x" * 1000] * 10))
    assert status == 413 and pulled == 0
    assert snapshot(w.service) == before


def test_answers_carry_safe_headers_and_clear_errors(world, client):
    answer = client.get("/")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    bad = client.post("/api/join", content=b"[1, 2]")
    assert bad.status_code == 400 and bad.json()["error"] == "expected a JSON object, got list"
    assert client.post("/api/submissions", content=b"id,label\n").status_code == 401
    world.clock.us = clock.parse_instant("2026-12-31 23:59", "Europe/Paris")
    assert client.get("/api/challenge").json()["open"] is False
