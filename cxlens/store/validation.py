"""Validation of what the store is given: the length caps and the checks every aggregate uses.

Free text is stored as given (escaping is the UI's job) but length-capped: a value over its cap
raises :class:`ValueError` saying which field and what the limit is.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..safety import MAX_UPLOAD_BYTES

UTC = dt.timezone.utc

# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------

#: Short names typed by people: display names, workshop names, workspace titles, owners,
#: raters, departments, statuses, criteria, table names, ids.
NAME_MAX = 80
#: Labels that come from spreadsheets: opportunity, touchpoint, stage, goal and dimension names.
LABEL_MAX = 200
#: Free text: maturity statements, goal descriptions.
TEXT_MAX = 2_000
#: backlog_key / assessment_key (dataset or workspace identity).
KEY_MAX = 200
#: Serialized JSON of an opportunity's evidence / goals, a workshop's criteria.
JSON_MAX = 20_000
#: Serialized JSON of an assessment's custom maturity model.
MODEL_JSON_MAX = 1_000_000
#: A workspace's recipe JSON and view state.
RECIPE_MAX = 2_000_000
VIEW_STATE_MAX = 200_000
#: Parquet bytes of all tables of one workspace.
WORKSPACE_MAX_BYTES = 256 * 1024 * 1024
#: An upload draft (cxlens/drafts.py): files, one file's bytes (the upload cap), all its bytes.
DRAFT_MAX_FILES = 20
DRAFT_FILE_MAX_BYTES = MAX_UPLOAD_BYTES
DRAFT_MAX_BYTES = 2 * MAX_UPLOAD_BYTES
#: File names as browsers send them (most file systems allow 255 bytes).
FILE_NAME_MAX = 255
MAX_ANSWERS = 1_000
MAX_WORKSHOP_ITEMS = 100
MAX_PARTICIPANTS = 500
MAX_TIMER_SECONDS = 24 * 3600
#: Votes arriving this long after the timer ran out still count (network latency).
TIMER_GRACE_SECONDS = 2.0

ORIGINS = ("sheet", "hotspot", "app", "workshop")
ROUND_STATES = ("draft", "open", "closed")


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, np.floating) and np.isnan(value):
        return True
    return False


def text_field(value: Any, field_name: str, max_len: int, *, required: bool = False) -> str | None:
    """A string stored as given, or None; ValueError if too long, missing when required or with NUL."""
    if is_missing(value) or (isinstance(value, str) and value.strip() == ""):
        if required:
            raise ValueError(f"{field_name} is required.")
        return None
    if isinstance(value, bool):
        raise ValueError(f"{field_name} must be text, not {value!r}.")
    if isinstance(value, (int, float, Decimal, np.integer, np.floating)):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{field_name} must be text, not {type(value).__name__}.")
    if len(value) > max_len:
        raise ValueError(f"{field_name} is {len(value):,} characters long; the limit is {max_len:,}.")
    if "\x00" in value:
        raise ValueError(f"{field_name} contains a NUL character, which cannot be stored.")
    return value


def number_field(value: Any, field_name: str) -> float | None:
    if is_missing(value) or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{field_name} must be a number, not {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field_name} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ValueError(f"{field_name} must be a finite number, not {value!r}.")
    return number


def json_default(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    return json.dumps(value, default=json_default, ensure_ascii=False, allow_nan=False)


def json_field(value: Any, field_name: str, max_chars: int) -> Any:
    """A JSON-able copy of ``value`` (numpy/dates converted), size-checked."""
    if is_missing(value):
        return None
    try:
        text = dumps(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{field_name} cannot be stored as JSON: {err}.") from None
    if len(text) > max_chars:
        raise ValueError(f"{field_name} is {len(text):,} characters as JSON; the limit is {max_chars:,}.")
    if "\\u0000" in text:
        raise ValueError(f"{field_name} contains a NUL character, which cannot be stored.")
    return json.loads(text)


def date_field(value: Any, field_name: str) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"{field_name} must be a date (YYYY-MM-DD), not {value!r}.")


def same_value(a: Any, b: Any) -> bool:
    """Stored value equal to a written one (floats to 1e-9, None == None)."""
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-9
    return a == b



def recipe_text(recipe_json: Any) -> str | None:
    """A recipe (JSON text or a JSON-able mapping) as the text stored, capped at RECIPE_MAX."""
    if recipe_json is None:
        return None
    text = recipe_json if isinstance(recipe_json, str) else dumps(recipe_json)
    return text_field(text, "Recipe", RECIPE_MAX)
