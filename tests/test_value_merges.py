"""Labels that mean the same ('CC' / 'Credit Card'): suggested, merged only when confirmed, kept in the recipe."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

import cxlens
from cxlens import journey, value_merges

from .conftest import ROOT

FRAME = pd.DataFrame({
    "CustomerID": [f"C{i}" for i in range(12)],
    "PaymentMode": ["CC", "Credit Card", "Credit Card", "COD", "Cash on Delivery", "UPI",
                    "credit card", "CC", "UPI", "Cash on Delivery", "E wallet", "E-Wallet"],
    "Device": ["Phone", "Mobile Phone", "Computer", "Mobile Phone", "Phone", "Computer"] * 2,
    "Consent": ["Consent provided", "Consent not provided"] * 6,
    "SatisfactionScore": [1, 2, 3, 4, 5, 3, 2, 4, 5, 1, 2, 3],
    "Churn": [1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0],
})


def test_suggestions_name_their_reason_and_never_merge_opposites():
    found = {(m.column, m.label): (m.into, m.reason, m.rows) for m in
             value_merges.suggest(FRAME, ["PaymentMode", "Device", "Consent"])}
    assert found[("PaymentMode", "CC")] == ("Credit Card", "'CC' are the initials of 'Credit Card'", 2)
    assert found[("PaymentMode", "COD")][0] == "Cash on Delivery"
    assert found[("PaymentMode", "credit card")][:2] == ("Credit Card", "same words, other case or punctuation")
    assert found[("PaymentMode", "E-Wallet")][0] == "E wallet"  # a tie merges one way, by name
    assert found[("Device", "Phone")] == ("Mobile Phone", "'Mobile Phone' ends with 'Phone'", 4)
    assert not any(column == "Consent" for column, _ in found)  # 'not provided' is the opposite
    assert ("PaymentMode", "UPI") not in found


def test_merges_in_the_recipe_are_applied_on_every_load():
    data = FRAME.to_csv(index=False).encode()
    ds = cxlens.load(data, filename="customers.csv")
    assert sorted(ds.feedback["PaymentMode"].astype(str).unique()) == [
        "CC", "COD", "Cash on Delivery", "Credit Card", "E wallet", "E-Wallet", "UPI", "credit card"]
    recipe = ds.recipe
    recipe.value_map = {"PaymentMode": {"CC": "Credit Card", "credit card": "Credit Card", "COD": "Cash on Delivery"}}
    merged = cxlens.load(data, filename="customers.csv", recipe=recipe)
    counts = merged.feedback["PaymentMode"].astype(str).value_counts()
    assert counts["Credit Card"] == 5 and counts["Cash on Delivery"] == 3 and "CC" not in counts
    # the heatmap's churn rate by payment mode now pools them: Credit Card rows C0, C1, C2, C6, C7 -> 2 churned
    cells = journey.journey_heatmap(merged, rows="PaymentMode", cols=None, metric="rate:Churn", min_n=1)
    card = cells[cells["row"] == "Credit Card"].iloc[0]
    assert (card["n"], card["value"]) == (5, 40.0)
    # the recipe round-trips through JSON (next month's file)
    again = cxlens.load(data, filename="customers.csv", recipe=cxlens.Recipe.from_json(merged.recipe.to_json()))
    assert again.recipe.value_map == recipe.value_map


def test_labels_tab_merges_a_ticked_pair():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = (("customers.csv", FRAME.to_csv(index=False).encode()),)
    at.run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception
    box = at.checkbox(key="merge:PaymentMode:CC")
    assert "merge “CC” (2 rows) into “Credit Card”" in box.label
    box.check().run()
    at.button[[b.label for b in at.button].index("Apply corrections")].click().run()
    assert not at.exception
    import json
    recipe = json.loads(at.session_state["cxlens_recipe"]["json"])
    assert recipe["value_map"] == {"PaymentMode": {"CC": "Credit Card"}}
    at.run()
    assert at.checkbox(key="merged:PaymentMode:CC").value is True  # shown as merged, untick to undo
