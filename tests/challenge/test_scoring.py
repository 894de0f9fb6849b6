"""Predictions files: every fault named, nothing scored; scores equal the metric on each part."""
import numpy as np
import pytest

from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.scoring import Solution, read_predictions, score
from glassnet.metrics import accuracy_score, mean_squared_error

from .helpers import predictions, write_files


@pytest.fixture
def solution(tmp_path):
    ids, labels = write_files(tmp_path, n_test=30)
    return Solution.read(tmp_path / "solution.csv", "id", "label", 0.3, seed=4), ids, labels


def read(content, solution, labels_needed=True):
    return read_predictions(content, solution, "id", "label", labels_needed)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"  \n", "the file is empty"),
    (b"id,prediction\nt0,1\n", "wrong columns: expected the header id,label, got id,prediction"),
    (b"\xff\xfe\x00", "not UTF-8"),
])
def test_unreadable_files(solution, content, message):
    with pytest.raises(ChallengeError, match=message):
        read(content, solution[0])


def test_each_fault_is_named_with_its_row(solution):
    sol, ids, labels = solution
    good = [str(v) for v in labels]
    cases = {
        "missing ids: 1 of the 30": (ids[:-1], good[:-1]),
        "row 3: id 't0' appears twice": (ids[:1] + ids[:-1], good[:1] + good[:-1]),
        "row 2: id 'zzz' is not a test id": (["zzz"] + ids[1:], good),
        "row 2: label 'cat' is not a number": (ids, ["cat"] + good[1:]),
        "row 2: label is nan": (ids, ["nan"] + good[1:]),
        "row 2: label is inf": (ids, ["inf"] + good[1:]),
        "row 2: label 1.5 is not a class label": (ids, ["1.5"] + good[1:]),
        "too many rows: the test set has 30 ids": (ids + ["extra"], good + ["1"]),
    }
    for message, (file_ids, values) in cases.items():
        with pytest.raises(ChallengeError, match=message):
            read(predictions(file_ids, values), sol)


def test_too_many_rows_stop_the_reading(solution):
    """A file with millions of rows is refused at row n + 1, not parsed to the end."""
    sol = solution[0]
    huge = b"id,label\n" + b"t0,1\n" * 2_000_000
    with pytest.raises(ChallengeError, match="too many rows"):
        read(huge, sol)


def test_order_free_and_scored_on_each_part(solution):
    sol, ids, labels = solution
    rng = np.random.default_rng(0)
    guess = np.where(rng.random(30) < 0.6, labels, (labels + 1) % 3)
    order = rng.permutation(30)
    values = read(predictions([ids[k] for k in order], guess[order]), sol)
    np.testing.assert_array_equal(values, guess)
    public, private = score(values, sol, "accuracy_score")
    assert sol.public.sum() == 9  # round(0.3 · 30)
    assert public == pytest.approx(accuracy_score(labels[sol.public], guess[sol.public]))
    assert private == pytest.approx(accuracy_score(labels[~sol.public], guess[~sol.public]))
    assert public != private or (guess == labels).all()


def test_split_is_seeded(tmp_path, solution):
    sol = solution[0]
    again = Solution.read(tmp_path / "solution.csv", "id", "label", 0.3, seed=4)
    other = Solution.read(tmp_path / "solution.csv", "id", "label", 0.3, seed=5)
    np.testing.assert_array_equal(sol.public, again.public)
    assert (sol.public != other.public).any()


def test_regression_metric_takes_any_finite_number(solution):
    sol, ids, labels = solution
    values = read(predictions(ids, labels + 0.25), sol, labels_needed=False)
    public, _ = score(values, sol, "mean_squared_error")
    assert public == pytest.approx(mean_squared_error(labels[sol.public], labels[sol.public] + 0.25))


def test_whole_array_and_row_by_row_readings_agree(solution):
    from glassnet.challenge.scoring import _fast_read
    sol, ids, labels = solution
    order = np.random.default_rng(2).permutation(len(ids))
    plain = predictions([ids[k] for k in order], labels[order])
    assert _fast_read(plain.decode(), sol, True) is not None  # the fast path is taken
    quoted = predictions([f'"{ids[k]}"' for k in order], labels[order])  # quotes: row by row
    assert _fast_read(quoted.decode(), sol, True) is None
    crlf = plain.replace(b"\n", b"\r\n")
    for content in (quoted, crlf, plain + b"\n\n"):
        np.testing.assert_array_equal(read(content, sol), read(plain, sol))
    np.testing.assert_array_equal(read(plain, sol), labels)


def test_lines_with_a_missing_and_an_extra_comma_are_refused(solution):
    """'t0' then '1,t1,2' hold the right number of commas in all; each line must hold one."""
    sol, ids, labels = solution
    lines = ["id,label", ids[0], f"{labels[0]},{ids[1]},{labels[1]}"] + [f"{i},{v}" for i, v in zip(ids[2:], labels[2:])]
    with pytest.raises(ChallengeError, match="row 2: expected 2 values"):
        read("\n".join(lines).encode(), sol)
