"""Secrets: handed out once, stored as (public id, sha256), checked in constant time, ids unique."""
import hashlib

from glassnet.challenge import security
from glassnet.challenge.creation import add_join_codes


def test_token_is_stored_as_id_and_digest_only():
    token, public_id, digest = security.new_token()
    found_id, secret = security.split(token, ".")
    assert found_id == public_id and digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in digest and security.matches(secret, digest)
    assert not security.matches(secret + "x", digest)
    assert security.split("no-dot-here", ".") is None and security.split("x" * 500 + ".y", ".") is None


def test_codes_are_typed_in_any_case():
    code, public_id, digest = security.new_code()
    found_id, secret = security.split(code.lower(), "-")
    assert found_id == public_id and security.matches(secret, digest)


def test_a_taken_code_id_is_drawn_again():
    seen = []
    code, public_id, _ = security.new_code(lambda candidate: seen.append(candidate) or len(seen) < 3)
    assert len(seen) == 3 and public_id == seen[-1] and code.startswith(public_id + "-")


def test_join_codes_stay_unique_when_ids_repeat(world, monkeypatch):
    """With a two-letter alphabet (64 possible ids) 40 codes repeat an id almost surely: each
    repeat must be drawn again, not fail the whole roster."""
    monkeypatch.setattr(security, "_ALPHABET", "AB")
    with world.service.write.begin() as session:
        codes = add_join_codes(session, world.service.settings.id, [""] * 40)
    assert len({code.split("-")[0] for _, code in codes}) == 40
