"""Students and teams: joining with a one-time code, forming and joining teams of limited size.

Both limits are conditional updates inside the transaction, like the quota: a join code is
spent by ``UPDATE join_codes SET used_by = :user WHERE id = :code AND used_by IS NULL`` and a
seat taken by ``UPDATE teams SET members = members + 1 WHERE id = :team AND members < :limit``;
one changed row means success. A user belongs to one team (memberships' primary key).
"""
from __future__ import annotations

from sqlalchemy import select, update

from glassnet.challenge import security
from glassnet.challenge.creation import code_taken
from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.models import JoinCode, Membership, Team, User

MAX_NAME = 60


def _clean_name(name, what: str) -> str:
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        raise ChallengeError(f"{what}: expected 1 to {MAX_NAME} characters, got {name!r}")
    return " ".join(name.split())


def join(service, code: str, name: str) -> dict:
    """Spend a one-time join code; return the new user's token (shown once) and name."""
    name = _clean_name(name, "name")
    parts = security.split(code or "", "-")
    with service.write.begin() as session:
        row = None if parts is None else session.scalar(select(JoinCode).where(
            JoinCode.code_id == parts[0], JoinCode.challenge_id == service.settings.id))
        if row is None or not security.matches(parts[1], row.code_hash):
            raise ChallengeError("unknown join code: check it with your teacher", 404)
        token, token_id, token_hash = security.new_token()
        user = User(challenge_id=service.settings.id, name=name, token_id=token_id,
                    token_hash=token_hash, joined_at_us=service.now())
        session.add(user)
        session.flush()
        spent = session.execute(update(JoinCode).where(JoinCode.id == row.id, JoinCode.used_by.is_(None))
                                .values(used_by=user.id).execution_options(synchronize_session=False))
        if spent.rowcount != 1:
            raise ChallengeError("this join code has been used already: each student gets their own", 409)
    return {"token": token, "name": name}


def _take_seat(session, service, team: Team, user: User) -> None:
    seat = session.execute(update(Team).where(Team.id == team.id, Team.members < service.settings.team_size_limit)
                           .values(members=Team.members + 1).execution_options(synchronize_session=False))
    if seat.rowcount != 1:
        raise ChallengeError(f"team {team.name!r} is full ({service.settings.team_size_limit} members at most)", 409)
    session.add(Membership(user_id=user.id, challenge_id=service.settings.id, team_id=team.id))
    session.flush()


def _no_team_yet(service, session, user: User) -> None:
    team = service.team_of(session, user)
    if team is not None:
        raise ChallengeError(f"you are in team {team.name!r} already (one team per student; "
                             "ask the teacher to move you)", 409)


def create_team(service, token: str, name: str) -> dict:
    """Create a team and put its creator in it; return its name and code (for team mates)."""
    name = _clean_name(name, "team name")
    with service.write.begin() as session:
        user = service.user(session, token)
        _no_team_yet(service, session, user)
        if session.scalar(select(Team.id).where(Team.challenge_id == service.settings.id, Team.name == name)):
            raise ChallengeError(f"team name {name!r} is taken: choose another", 409)
        code, code_id, code_hash = security.new_code(code_taken(session, Team))
        team = Team(challenge_id=service.settings.id, name=name, code_id=code_id, code_hash=code_hash, members=0)
        session.add(team)
        session.flush()
        _take_seat(session, service, team, user)
    return {"team": name, "team_code": code}


def join_team(service, token: str, code: str) -> dict:
    """Join the team whose code this is, if it has a free seat."""
    parts = security.split(code or "", "-")
    with service.write.begin() as session:
        user = service.user(session, token)
        _no_team_yet(service, session, user)
        team = None if parts is None else session.scalar(select(Team).where(
            Team.code_id == parts[0], Team.challenge_id == service.settings.id))
        if team is None or not security.matches(parts[1], team.code_hash):
            raise ChallengeError("unknown team code: ask a team mate for it", 404)
        _take_seat(session, service, team, user)
        return {"team": team.name}


def move(service, user_id: int, team_id: int | None) -> None:
    """Teacher: move a student to another team (None: out of any team); the size limit holds."""
    with service.write.begin() as session:
        user = session.get(User, user_id)
        if user is None or user.challenge_id != service.settings.id:
            raise ChallengeError(f"user_id: no student {user_id!r}", 404)
        membership = session.get(Membership, user_id)
        if membership is not None:
            session.execute(update(Team).where(Team.id == membership.team_id)
                            .values(members=Team.members - 1).execution_options(synchronize_session=False))
            session.delete(membership)
            session.flush()
        if team_id is not None:
            team = session.get(Team, team_id)
            if team is None or team.challenge_id != service.settings.id:
                raise ChallengeError(f"team_id: no team {team_id!r}", 404)
            _take_seat(session, service, team, user)
