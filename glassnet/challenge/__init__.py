"""The class data challenge: a hidden test set, daily quotas, a public and a private leaderboard.

Teacher::

    glassnet challenge init my_challenge --train train.csv --test test.csv --solution solution.csv \\
        --metric accuracy_score --opens "2027-03-01 08:00" --closes "2027-03-28 23:59" --timezone Europe/Paris
    glassnet challenge serve my_challenge          # http://127.0.0.1:8100/  (teacher: /teacher)
    glassnet challenge demo                        # the MNIST sample as a demo challenge

Student, from Python::

    import glassnet.challenge
    glassnet.challenge.submit("http://127.0.0.1:8100", token, predictions, ids=test_ids)

The server needs the ``challenge`` extra (``pip install 'glassnet[challenge]'``: Starlette,
uvicorn, SQLAlchemy, Alembic, psycopg for PostgreSQL); the client needs nothing but glassnet.
"""
from glassnet.challenge.client import SubmissionRefused, predictions_csv, submit

__all__ = ["submit", "predictions_csv", "SubmissionRefused"]
