"""The quota race, against a real server on loopback: many teams each send more submissions than
their daily limit, all at the same moment; count what got through.

Used by the test suite (a few runs) and by ``benchmarks/bench_challenge.py`` (20 runs per
database); a teacher can run it against a fresh test deployment too. The client is plain
asyncio (one HTTP/1.1 connection per submission, all opened at once), so it needs nothing
beyond the challenge extra.
"""
from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import threading
import time
from collections import Counter

from sqlalchemy import func, select

from glassnet.challenge import security
from glassnet.challenge.creation import code_taken
from glassnet.challenge.models import Membership, QuotaUsage, Submission, Team, User


def make_teams(service, n_teams: int, members: int = 3, prefix: str = "race") -> list[list[str]]:
    """``n_teams`` full teams in one transaction; the members' tokens, team by team."""
    tokens, now = [], service.now()
    with service.write.begin() as session:
        for t in range(n_teams):
            _, code_id, code_hash = security.new_code(code_taken(session, Team))
            team = Team(challenge_id=service.settings.id, name=f"{prefix}-{t}", code_id=code_id,
                        code_hash=code_hash, members=members)
            session.add(team)
            session.flush()
            team_tokens = []
            for m in range(members):
                token, token_id, token_hash = security.new_token()
                user = User(challenge_id=service.settings.id, name=f"{prefix}-{t}-{m}", token_id=token_id,
                            token_hash=token_hash, joined_at_us=now)
                session.add(user)
                session.flush()
                session.add(Membership(user_id=user.id, challenge_id=service.settings.id, team_id=team.id))
                team_tokens.append(token)
            tokens.append(team_tokens)
    return tokens


async def _post(host: str, port: int, token: str, body: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"POST /api/submissions HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                     f"Content-Type: text/csv\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                     + body)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()
        return int(status_line.split()[1])
    finally:
        writer.close()


async def _race(host: str, port: int, tokens: list[list[str]], body: bytes, per_team: int) -> list[tuple[int, int]]:
    requests = [(t, team[k % len(team)]) for t, team in enumerate(tokens) for k in range(per_team)]
    statuses = await asyncio.gather(*(_post(host, port, token, body) for _, token in requests))
    return [(t, status) for (t, _), status in zip(requests, statuses)]


def race(host: str, port: int, tokens: list[list[str]], body: bytes, per_team: int = 5,
         timeout: float = 300.0) -> list[tuple[int, int]]:
    """Send ``per_team`` submissions for every team at once; [(team index, HTTP status)]."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * len(tokens) * per_team + 256))
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return asyncio.run(asyncio.wait_for(_race(host, port, tokens, body, per_team), timeout))


def over_limit(service) -> int:
    """Submissions beyond the daily limit, summed over teams and days (recounted from the rows)."""
    from glassnet.challenge import clock
    with service.read() as session:
        rows = session.execute(select(Submission.team_id, Submission.submitted_at_us)
                               .where(Submission.challenge_id == service.settings.id)).all()
        counters = session.execute(select(func.max(QuotaUsage.used)).where(QuotaUsage.kind == "valid")).scalar()
    per_day = Counter((team, clock.local_day(at, service.tz)) for team, at in rows)
    excess = sum(max(0, n - service.settings.daily_limit) for n in per_day.values())
    return excess + max(0, (counters or 0) - service.settings.daily_limit)


@contextlib.contextmanager
def serving(app, host: str = "127.0.0.1", startup_timeout: float = 30.0):
    """Run ``app`` with uvicorn in a thread on a free loopback port; yields the port, then stops it."""
    import uvicorn
    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="error", backlog=4096,
                                           timeout_keep_alive=5))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError(f"the challenge server did not start on {host}:{port}")
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(30)
