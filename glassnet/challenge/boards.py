"""What people may see: the leaderboards, a team's own submissions, the teacher's overview and
the grading export.

Private scores leave the server only after the teacher's reveal, and then only through the
private board, the team's own list and the teacher's views; before it they are not even read
from the database into anything that is answered. Hidden labels never leave it.
"""
from __future__ import annotations

import csv
import io

from sqlalchemy import func, select, update

from glassnet.challenge import clock
from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.models import Challenge, Membership, Submission, Team, User
from glassnet.challenge.ranking import Entry, leaderboard, rounded


def _entries(session, challenge_id: int, with_private: bool) -> list[Entry]:
    table = Submission.__table__.c  # Core rows: no ORM objects for thousands of submissions
    if with_private:
        columns = [table.id, table.team_id, table.submitted_at_us, table.public_score, table.private_score, table.selected]
        rows = session.connection().execute(select(*columns).where(table.challenge_id == challenge_id)).all()
        return [Entry._make(row) for row in rows]
    # the private score is not even read
    columns = [table.id, table.team_id, table.submitted_at_us, table.public_score, table.selected]
    rows = session.connection().execute(select(*columns).where(table.challenge_id == challenge_id)).all()
    nan = float("nan")
    return [Entry(i, team, at, public, nan, selected) for i, team, at, public, selected in rows]


def _team_names(session, challenge_id: int) -> dict[int, str]:
    return dict(session.execute(select(Team.id, Team.name).where(Team.challenge_id == challenge_id)).all())


def board(service, which: str = "public") -> dict:
    """The ranked board; 'private' only after the reveal.

    The public board is kept between requests with the number of submissions it was computed
    from: submissions are only ever added, so any two states the database shows are nested, and
    the same count means the same set (the count is read first, and the board kept only when
    it was computed from exactly that many). The private board is always recomputed.
    """
    s = service.settings
    if which not in ("public", "private"):
        raise ChallengeError(f"board: expected 'public' or 'private', got {which!r}")
    revealed = service.revealed()
    if which == "private" and not revealed:
        raise ChallengeError("the private leaderboard is shown after the teacher reveals it", 403)
    with service.read() as session:
        count = session.scalar(select(func.count()).select_from(Submission).where(Submission.challenge_id == s.id))
        cached = service.board_cache.get(which)
        if cached is not None and cached[0] == count:
            return {**cached[1], "revealed": revealed}
        entries = _entries(session, s.id, with_private=which == "private")
        names = _team_names(session, s.id)
    rows = leaderboard(entries, board=which, decimals=s.decimals, greater_is_better=s.greater_is_better,
                       n_final=s.n_final)
    result = {"board": which, "metric": s.metric, "decimals": s.decimals, "revealed": revealed,
              "greater_is_better": s.greater_is_better,
              "rows": [{"rank": r.rank, "team": names[r.team_id], "score": r.score, "entries": r.entries,
                        "submitted_at": clock.iso(r.submitted_at_us, service.tz)} for r in rows]}
    if which == "public" and len(entries) == count:
        service.board_cache[which] = (count, result)
    return result


def _submission_dict(service, row: Submission, revealed: bool) -> dict:
    d = service.settings.decimals
    item = {"id": row.id, "submitted_at": clock.iso(row.submitted_at_us, service.tz),
            "public_score": rounded(row.public_score, d), "selected": row.selected, "note": row.note}
    if revealed:
        item["private_score"] = rounded(row.private_score, d)
    return item


def team_submissions(service, session, team_id: int) -> list[dict]:
    revealed = service.revealed()
    rows = session.scalars(select(Submission).where(Submission.team_id == team_id).order_by(Submission.id))
    return [_submission_dict(service, row, revealed) for row in rows]


def overview(service) -> dict:
    """Teacher: every team with its members, every student, every submission."""
    revealed = service.revealed()
    with service.read() as session:
        teams = session.scalars(select(Team).where(Team.challenge_id == service.settings.id).order_by(Team.id)).all()
        users = session.scalars(select(User).where(User.challenge_id == service.settings.id).order_by(User.id)).all()
        membership = dict(session.execute(select(Membership.user_id, Membership.team_id)
                                          .where(Membership.challenge_id == service.settings.id)).all())
        submissions = session.scalars(select(Submission).where(Submission.challenge_id == service.settings.id)
                                      .order_by(Submission.id)).all()
        names = {t.id: t.name for t in teams}
        return {"revealed": revealed,
                "teams": [{"id": t.id, "name": t.name, "members": t.members} for t in teams],
                "students": [{"id": u.id, "name": u.name, "team": names.get(membership.get(u.id))} for u in users],
                "submissions": [{**_submission_dict(service, row, revealed), "team": names[row.team_id]}
                                for row in submissions]}


def reveal(service, now_us: int) -> None:
    """Teacher: show the private board (after the deadline only)."""
    if now_us < service.settings.closes_at_us:
        raise ChallengeError("the private leaderboard can be revealed after the deadline "
                             f"({clock.iso(service.settings.closes_at_us, service.tz)})", 409)
    with service.write.begin() as session:
        session.execute(update(Challenge).where(Challenge.id == service.settings.id).values(revealed=True))


def export_csv(service) -> str:
    """Teacher, after the reveal: final rank, team, members, private and public scores, as CSV."""
    if not service.revealed():
        raise ChallengeError("reveal the private leaderboard before exporting the grades", 409)
    private = board(service, "private")["rows"]
    public = {row["team"]: row for row in board(service, "public")["rows"]}
    with service.read() as session:
        members = session.execute(select(Team.name, User.name).join(Membership, Membership.team_id == Team.id)
                                  .join(User, User.id == Membership.user_id)
                                  .where(Team.challenge_id == service.settings.id).order_by(User.name)).all()
    by_team: dict[str, list[str]] = {}
    for team, user in members:
        by_team.setdefault(team, []).append(user)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "team", "members", "private_score", "public_rank", "public_score"])
    for row in private:
        writer.writerow([row["rank"], row["team"], "; ".join(by_team.get(row["team"], [])), row["score"],
                         public[row["team"]]["rank"], public[row["team"]]["score"]])
    return out.getvalue()
