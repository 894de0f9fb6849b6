"""The challenge's web server (Starlette): two static pages, a JSON API, the public data files.

Students send ``Authorization: Bearer <token>``; the teacher sends the teacher token the same
way. Predictions are uploaded as the raw CSV body of ``POST /api/submissions`` and read as a
stream: the upload stops at ``max_upload_bytes`` (a bigger file is never read whole). The only
files served are the pages' own (``static/``) and ``public/train.csv`` / ``public/test.csv``;
the solution file has no route. Database work runs in worker threads, so the event loop keeps
accepting requests.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select as sql_select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from glassnet.challenge import accounts, boards, clock, creation, submissions
from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.models import Membership, User
from glassnet.challenge.service import Service

STATIC = Path(__file__).parent / "static"
PUBLIC_FILES = ("train.csv", "test.csv")
MAX_JSON_BYTES = 64 * 1024
_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'"}


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


async def read_bounded(request: Request, limit: int) -> bytes:
    """The request body, or ChallengeError 413 as soon as it passes ``limit`` bytes."""
    too_big = ChallengeError(f"the file is too large: at most {limit:,} bytes are accepted", 413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request) -> dict:
    body = await read_bounded(request, MAX_JSON_BYTES)
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise ChallengeError("expected a JSON object in the request body") from None
    if not isinstance(data, dict):
        raise ChallengeError(f"expected a JSON object, got {type(data).__name__}")
    return data


def create_app(service: Service) -> Starlette:
    """The application serving ``service``'s challenge."""
    s = service.settings

    def api(handler):
        async def endpoint(request: Request) -> Response:
            try:
                result = await handler(request)
            except ChallengeError as error:
                result = JSONResponse({"error": error.message}, status_code=error.status)
            if not isinstance(result, Response):
                result = JSONResponse(result)
            result.headers.update(_HEADERS)
            return result
        return endpoint

    async def info(request):
        now = service.now()
        return {"title": s.title, "metric": s.metric, "greater_is_better": s.greater_is_better,
                "decimals": s.decimals, "timezone": s.timezone, "id_column": s.id_column,
                "target_column": s.target_column, "daily_limit": s.daily_limit,
                "team_size_limit": s.team_size_limit, "n_final": s.n_final,
                "public_fraction": s.public_fraction, "max_upload_bytes": s.max_upload_bytes,
                "opens_at": clock.iso(s.opens_at_us, service.tz),
                "closes_at": clock.iso(s.closes_at_us, service.tz),
                "open": s.opens_at_us <= now < s.closes_at_us, "now": clock.iso(now, service.tz),
                "revealed": await run_in_threadpool(service.revealed), "test_rows": len(service.solution.ids)}

    async def join(request):
        data = await _json(request)
        return await run_in_threadpool(accounts.join, service, data.get("code"), data.get("name"))

    def _me(token: str) -> dict:
        now = service.now()
        with service.read() as session:
            user = service.user(session, token)
            team = service.team_of(session, user)
            listed = boards.team_submissions(service, session, team.id) if team else []
            mates = [] if team is None else sorted(
                session.scalars(sql_select(User.name).join(Membership, Membership.user_id == User.id)
                                .where(Membership.team_id == team.id)))
        return {"name": user.name, "team": team.name if team else None, "team_members": mates,
                "quota": submissions.quota_status(service, team.id if team else None, now),
                "submissions": listed}

    async def me(request):
        return await run_in_threadpool(_me, _token(request))

    async def new_team(request):
        data = await _json(request)
        return await run_in_threadpool(accounts.create_team, service, _token(request), data.get("name"))

    async def join_team(request):
        data = await _json(request)
        return await run_in_threadpool(accounts.join_team, service, _token(request), data.get("code"))

    async def submit(request):
        now = service.now()  # the instant of arrival decides the deadline and the day
        token = _token(request)
        content = await read_bounded(request, s.max_upload_bytes)
        note = request.query_params.get("note", "")
        return await run_in_threadpool(submissions.submit, service, token, content, now, note)

    async def select(request):
        data = await _json(request)
        try:
            submission_id = int(request.path_params["submission_id"])
        except ValueError:
            raise ChallengeError("submission id: expected an integer") from None
        return await run_in_threadpool(submissions.select_final, service, _token(request), submission_id,
                                       bool(data.get("selected", True)), service.now())

    async def leaderboard(request):
        return await run_in_threadpool(boards.board, service, request.query_params.get("board", "public"))

    async def data_file(request):
        name = request.path_params["name"]
        if name not in PUBLIC_FILES:
            raise ChallengeError(f"no such data file: {name!r} (there are {', '.join(PUBLIC_FILES)})", 404)
        return FileResponse(service.public_dir / name, media_type="text/csv", filename=name)

    def teacher(handler):
        async def guarded(request):
            service.check_teacher(_token(request))
            return await handler(request)
        return guarded

    async def overview(request):
        return await run_in_threadpool(boards.overview, service)

    def _codes(labels: list[str]) -> dict:
        with service.write.begin() as session:
            return {"codes": [{"label": label, "code": code}
                              for label, code in creation.add_join_codes(session, s.id, labels)]}

    async def roster(request):
        body = (await read_bounded(request, 1024 * 1024)).decode("utf-8-sig", errors="replace")
        names = [line.split(",")[0].strip() for line in body.splitlines() if line.strip()]
        if names and names[0].lower() in ("name", "student", "names"):
            names = names[1:]
        if not names or len(names) > 2000:
            raise ChallengeError(f"roster: expected 1 to 2000 names, one per line; got {len(names)}")
        return await run_in_threadpool(_codes, names)

    async def codes(request):
        count = (await _json(request)).get("count", 1)
        if not isinstance(count, int) or not 1 <= count <= 500:
            raise ChallengeError(f"count: expected an integer from 1 to 500, got {count!r}")
        return await run_in_threadpool(_codes, [""] * count)

    async def move(request):
        data = await _json(request)
        await run_in_threadpool(accounts.move, service, data.get("user_id"), data.get("team_id"))
        return {"moved": True}

    async def reveal(request):
        await run_in_threadpool(boards.reveal, service, service.now())
        return {"revealed": True}

    async def export(request):
        text = await run_in_threadpool(boards.export_csv, service)
        return Response(text, media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{s.slug}_grades.csv"'})

    def page(name):
        async def serve_page(request):
            response = FileResponse(STATIC / name, headers={"Cache-Control": "no-cache"})
            response.headers.update(_HEADERS)
            return response
        return serve_page

    routes = [
        Route("/", page("student.html")),
        Route("/teacher", page("teacher.html")),
        Route("/api/challenge", api(info)),
        Route("/api/join", api(join), methods=["POST"]),
        Route("/api/me", api(me)),
        Route("/api/teams", api(new_team), methods=["POST"]),
        Route("/api/teams/join", api(join_team), methods=["POST"]),
        Route("/api/submissions", api(submit), methods=["POST"]),
        Route("/api/submissions/{submission_id}/select", api(select), methods=["POST"]),
        Route("/api/leaderboard", api(leaderboard)),
        Route("/data/{name}", api(data_file)),
        Route("/api/teacher/overview", api(teacher(overview))),
        Route("/api/teacher/roster", api(teacher(roster)), methods=["POST"]),
        Route("/api/teacher/codes", api(teacher(codes)), methods=["POST"]),
        Route("/api/teacher/move", api(teacher(move)), methods=["POST"]),
        Route("/api/teacher/reveal", api(teacher(reveal)), methods=["POST"]),
        Route("/api/teacher/export.csv", api(teacher(export))),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes)
