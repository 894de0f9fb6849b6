"""``glassnet.challenge.submit`` against a running server on loopback."""
import numpy as np
import pytest
from sqlalchemy import text

import glassnet.challenge
from glassnet.challenge.client import predictions_csv
from glassnet.challenge.loadtest import serving
from glassnet.challenge.server import create_app

pytest.importorskip("uvicorn")


def test_submit_from_python(world, tmp_path):
    [token] = world.team("py")
    with serving(create_app(world.service)) as port:
        url = f"http://127.0.0.1:{port}"
        answer = glassnet.challenge.submit(url, token, np.asarray(world.labels), ids=world.ids, note="all right")
        assert answer["quota"]["used"] == 1 and answer["public_score"] == 1.0
        path = tmp_path / "p.csv"
        path.write_bytes(world.correct(wrong=len(world.ids)))
        answer = glassnet.challenge.submit(url + "/", token, str(path))
        assert answer["public_score"] == 0.0 and answer["quota"]["remaining"] == 0
        with pytest.raises(glassnet.challenge.SubmissionRefused, match="used its 2 submissions") as refused:
            glassnet.challenge.submit(url, token, dict(zip(world.ids, world.labels.tolist())))
        assert refused.value.status == 429
        with pytest.raises(glassnet.challenge.SubmissionRefused, match="missing ids") as refused:
            glassnet.challenge.submit(url, token, {world.ids[0]: 1})
        assert refused.value.status == 400
        with pytest.raises(glassnet.challenge.SubmissionRefused, match="unknown token"):
            glassnet.challenge.submit(url, "no.token", b"id,label\n")
    with world.service.read() as session:
        notes = session.execute(text("SELECT note FROM submissions ORDER BY id")).scalars().all()
    assert notes == ["all right", ""]


def test_predictions_csv_checks_its_input():
    assert predictions_csv([1, 2], ids=["a", "b"]) == b"id,label\na,1\nb,2\n"
    with pytest.raises(ValueError, match="ids: expected 2 ids"):
        predictions_csv([1, 2], ids=["a"])
    with pytest.raises(ValueError, match="ids: give the test ids"):
        predictions_csv([1, 2])
