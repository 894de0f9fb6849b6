"""The quota counter: one conditional UPDATE, safe when many transactions race on one team."""
import threading

from sqlalchemy import select

from glassnet.challenge import quotas
from glassnet.challenge.models import QuotaUsage


def test_take_stops_at_the_limit_and_counts_per_team_day_kind(world):
    tokens_a, tokens_b = world.team("a"), world.team("b")
    service = world.service
    with service.read() as session:
        team_a = service.team_of(session, service.user(session, tokens_a[0])).id
        team_b = service.team_of(session, service.user(session, tokens_b[0])).id
    taken = []
    for team, day, kind in [(team_a, "2027-03-10", "valid")] * 3 + [(team_b, "2027-03-10", "valid"),
                                                                     (team_a, "2027-03-11", "valid"),
                                                                     (team_a, "2027-03-10", "invalid")]:
        with service.write.begin() as session:
            taken.append(quotas.take(session, team, day, kind, 2))
    assert taken == [True, True, False, True, True, True]
    with service.read() as session:
        assert quotas.used(session, team_a, "2027-03-10") == 2
        assert quotas.used(session, team_a, "2027-03-10", "invalid") == 1
        assert quotas.used(session, team_b, "2027-03-11") == 0


def test_racing_transactions_never_pass_the_limit(world):
    """40 threads take a unit of the same counter at once, each in its own transaction, and hold
    the transaction open a moment after the check (where a read-then-write quota would let
    others in): exactly the limit gets through."""
    [token] = world.team("racers")
    service = world.service
    with service.read() as session:
        team = service.team_of(session, service.user(session, token)).id
    start, results = threading.Barrier(40), []

    def one():
        start.wait()
        with service.write.begin() as session:
            ok = quotas.take(session, team, "2027-03-10", "valid", 3)
            session.execute(select(QuotaUsage.used))  # the transaction is still open here
            results.append(ok)

    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 40 and sum(results) == 3
    with service.read() as session:
        assert quotas.used(session, team, "2027-03-10") == 3
