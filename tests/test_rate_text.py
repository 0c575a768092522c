"""Entrants per 10,000 people as the participation tables print them."""

import pytest

from webapp.formatting import per_10k_text


@pytest.mark.parametrize(("rate", "text"), [
    (None, "—"), (0.0, "0"), (12.345, "12.3"), (1.0, "1.0"), (1 / 3, "0.33"),
    (0.01, "0.01"),  # 1 entrant in a county of a million: not 0.0, which reads as nobody
    (0.004, "<0.01"),
])
def test_small_rates_still_show_that_someone_took_part(rate, text):
    assert per_10k_text(rate) == text
