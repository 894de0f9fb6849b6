"""Join codes are single-use, teams have a size limit, a student is in one team, secrets are hashed."""
import threading

import pytest
from sqlalchemy import text

from glassnet.challenge import accounts
from glassnet.challenge.creation import add_join_codes
from glassnet.challenge.errors import ChallengeError

from .helpers import snapshot


def codes(world, n):
    with world.service.write.begin() as session:
        return [code for _, code in add_join_codes(session, world.service.settings.id, [""] * n)]


def test_a_join_code_used_twice_is_refused_and_changes_nothing(world):
    [code] = codes(world, 1)
    accounts.join(world.service, code, "Ada")
    before = snapshot(world.service)
    with pytest.raises(ChallengeError, match="has been used already") as refused:
        accounts.join(world.service, code, "Bob")
    assert refused.value.status == 409 and snapshot(world.service) == before
    with pytest.raises(ChallengeError, match="unknown join code"):
        accounts.join(world.service, code[:-1] + ("A" if code[-1] != "A" else "B"), "Eve")
    with pytest.raises(ChallengeError, match="name: expected 1 to 60 characters"):
        accounts.join(world.service, codes(world, 1)[0], "  ")


def test_a_join_code_raced_by_many_students_admits_one(world):
    [code] = codes(world, 1)
    outcomes, start = [], threading.Barrier(12)

    def one(k):
        start.wait()
        try:
            accounts.join(world.service, code, f"s{k}")
            outcomes.append("in")
        except ChallengeError:
            outcomes.append("out")
    threads = [threading.Thread(target=one, args=(k,)) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["in"] + ["out"] * 11
    with world.service.read() as session:
        assert session.execute(text("SELECT COUNT(*) FROM users")).scalar() == 1


def test_team_size_limit_and_one_team_per_student(world):
    tokens = world.team("full", members=3)
    with pytest.raises(ChallengeError, match="you are in team 'full' already"):
        accounts.create_team(world.service, tokens[0], "another")
    [other] = world.team("other")
    other_code = accounts.create_team(world.service, world.student("x"), "open")["team_code"]
    with pytest.raises(ChallengeError, match="you are in team 'other' already"):
        accounts.join_team(world.service, other, other_code)
    members = [world.student(f"m{k}") for k in range(4)]
    code = accounts.create_team(world.service, members[0], "capped")["team_code"]
    accounts.join_team(world.service, members[1], code)
    accounts.join_team(world.service, members[2], code)
    before = snapshot(world.service)
    with pytest.raises(ChallengeError, match="team 'capped' is full .3 members at most.") as refused:
        accounts.join_team(world.service, members[3], code)
    assert refused.value.status == 409 and snapshot(world.service) == before
    with pytest.raises(ChallengeError, match="team name 'capped' is taken"):
        accounts.create_team(world.service, members[3], "capped")
    with pytest.raises(ChallengeError, match="unknown token"):
        accounts.create_team(world.service, "nope.nope", "z")


def test_teacher_moves_students_within_the_size_limit(world):
    world.team("a", members=3)
    [lonely] = world.team("b")
    with world.service.read() as session:
        user = world.service.user(session, lonely)
        teams = {t: world.service.team_of(session, world.service.user(session, lonely)).id for t in ["b"]}
        team_a = session.execute(text("SELECT id FROM teams WHERE name = 'a'")).scalar()
    with pytest.raises(ChallengeError, match="is full"):
        accounts.move(world.service, user.id, team_a)
    accounts.move(world.service, user.id, None)
    with world.service.read() as session:
        assert world.service.team_of(session, user) is None
        assert session.execute(text(f"SELECT members FROM teams WHERE id = {teams['b']}")).scalar() == 0


def test_tokens_and_codes_are_stored_hashed(world):
    [code] = codes(world, 1)
    token = accounts.join(world.service, code, "Ada")["token"]
    team_code = accounts.create_team(world.service, token, "t")["team_code"]
    dump = repr(snapshot(world.service))
    for secret in (token, code, team_code, world.teacher_token):
        # the secret part (after the public id): its longest dash-free piece must appear nowhere
        piece = max(secret.split(".")[-1].split("-"), key=len)
        assert len(piece) >= 6 and piece not in dump, (secret, piece)
    with world.service.read() as session:
        assert world.service.user(session, token).name == "Ada"
        with pytest.raises(ChallengeError):
            world.service.user(session, token[:-1] + ("x" if token[-1] != "x" else "y"))
