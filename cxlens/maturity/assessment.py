"""Whose maturity assessment a session uses (:func:`assessment_for`): a typed name is shared; otherwise each
uploaded data set and workspace has its own, and the sample data the app's :data:`DEFAULT_ASSESSMENT`, whose
model is always the default model. Pure: no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

#: The app's default assessment (the sample data's, and a shared name anyone may type). Its model is always
#: the default model: an upload never changes it (the store refuses; docs/maturity.md, "Whose assessment").
DEFAULT_ASSESSMENT = "default"
#: Key prefix of a data set's or workspace's own assessment. A typed (shared) name may not start with it.
DATA_ASSESSMENT_PREFIX = "data:"


@dataclass(frozen=True)
class Assessment:
    """Which assessment a session's answers and model belong to (:func:`assessment_for`)."""

    key: str  # the store's assessment_key
    shared: bool  # a name typed by the user: everyone using it is combined
    default: bool  # the app's default assessment: always the default model

    @property
    def label(self) -> str:
        """Plain text for the page (:func:`assessment_label`)."""
        return assessment_label(self.key)


def assessment_label(key: str) -> str:
    """How the page names an assessment: “name” for a shared one, else whose it is."""
    key = str(key)
    if key.startswith(DATA_ASSESSMENT_PREFIX):
        return "this data's own assessment"
    if not key.strip() or key == DEFAULT_ASSESSMENT:
        return "the app's default assessment"
    return f"assessment “{key}”"


def assessment_for(shared_name: str | None, *, data_key: str | None, is_sample: bool) -> Assessment:
    """The assessment of a session.

    - A typed ``shared_name`` (spaces trimmed) is a shared assessment: everyone typing it is combined.
      ``DEFAULT_ASSESSMENT`` may be typed; a name starting with :data:`DATA_ASSESSMENT_PREFIX` may not
      (ValueError), so nobody can reach a data set's assessment by name.
    - Otherwise an uploaded data set or a workspace (``data_key``: the data's identity, the same key its
      backlog uses) has its own assessment ``"data:" + data_key``.
    - The sample data, or no data, use :data:`DEFAULT_ASSESSMENT`.
    """
    name = (shared_name or "").strip()
    if name:
        if name.casefold().startswith(DATA_ASSESSMENT_PREFIX):
            raise ValueError(f"Assessment names may not start with '{DATA_ASSESSMENT_PREFIX}' (it marks a data "
                             "set's own assessment). Choose another name.")
        return Assessment(name, True, name == DEFAULT_ASSESSMENT)
    if is_sample or not data_key:
        return Assessment(DEFAULT_ASSESSMENT, False, True)
    return Assessment(DATA_ASSESSMENT_PREFIX + str(data_key), False, False)


def model_fixed_to_default(assessment_key: str) -> bool:
    """True for the app's default assessment: its model is always the default model."""
    return str(assessment_key).strip() == DEFAULT_ASSESSMENT
