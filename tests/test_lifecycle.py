"""cxlens.lifecycle: stage names placed in the customer lifecycle, in seven languages, and the order
given to stages when the data has none."""

from __future__ import annotations

import pytest

from cxlens.lifecycle import lifecycle_order, lifecycle_rank


@pytest.mark.parametrize("stage, rank", [
    ("Discover", 0), ("Research & compare", 0), ("Compare plans", 1), ("Apply online", 2), ("Checkout", 2),
    ("Delivery issue", 3),  # the first word of a step decides
    ("In-flight", 4), ("Get help", 5), ("Billing", 6), ("Renew", 7), ("Refer a friend", 8), ("Cancel", 9),
    ("Commande", 2), ("Rechnung", 6), ("Airport", None), ("North region", None),
])
def test_lifecycle_rank(stage, rank):
    assert lifecycle_rank(stage) == rank


def test_recognised_stages_swap_slots_and_the_others_keep_theirs():
    assert lifecycle_order(["Use", "Airport", "Discover"]) == ["Discover", "Airport", "Use"]
    assert lifecycle_order(["Get help", "Buy", "Discover", "Pay"]) == ["Discover", "Buy", "Get help", "Pay"]


def test_too_few_lifecycle_words_leave_the_order_alone():
    regions = ["North", "South", "Service centre", "East", "West"]
    assert lifecycle_order(regions) == regions
    assert lifecycle_order(["Discover"]) == ["Discover"]
