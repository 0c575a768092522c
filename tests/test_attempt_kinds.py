"""Every kind of attempt is either practice (keys after each answer) or a test (keys held until
the end), and the database accepts exactly those kinds."""

import re

from webapp.models import Attempt
from webapp.models.quiz import KINDS, PRACTICE_KINDS, TEST_KINDS


def test_every_kind_is_practice_or_test_and_the_database_knows_it():
    assert not set(PRACTICE_KINDS) & set(TEST_KINDS)
    known = next(c for c in Attempt.__table__.constraints if c.name.endswith("kind_known"))
    assert set(re.findall(r"'(\w+)'", str(known.sqltext))) == set(KINDS)
