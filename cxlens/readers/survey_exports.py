"""Survey-platform exports (Qualtrics, SurveyMonkey) whose two or three header rows are read as one."""

from __future__ import annotations

import re

import pandas as pd

from .tables import clean_headers, numbers_again

_QUALTRICS_FIELDS = {"startdate", "enddate", "status", "ipaddress", "progress", "durationinseconds", "finished",
                     "recordeddate", "recipientlastname", "recipientfirstname", "recipientemail",
                     "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
                     "distributionchannel", "userlanguage"}


def survey_export_headers(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """Survey-platform exports with two or three header rows, read as one header.

    - Qualtrics writes short names (Q1, Q2_1...), then the question texts ("How satisfied ...
      - Website"), then (CSV) a row of {"ImportId": ...} JSON: the texts become the names.
    - SurveyMonkey writes each question once over its columns, then a row naming each
      column's part ("Response", "Open-Ended Response", a grid item, a choice): the names
      become "question - item" for the parts and the question for single answers.
    Read as data those rows would be responses of text and turn every score column into
    text. The row index is kept, so row numbers in the problem report still match the file.
    """
    if len(frame) < 1 or frame.shape[1] < 2:
        return frame
    names = {re.sub(r"[^a-z0-9]", "", str(c).lower()) for c in frame.columns}
    first = frame.iloc[0]
    if any(v is not None and not isinstance(v, str) and not pd.isna(v) for v in first):
        return frame  # a header row holds text only
    drop = [frame.index[0]]
    if {"responseid", "responseid1"} & names and len(names & _QUALTRICS_FIELDS) >= 2:
        if first.notna().sum() < 0.5 * frame.shape[1]:
            return frame
        if len(frame) > 1:
            second = frame.iloc[1].dropna().astype(str)
            if len(second) and second.str.startswith('{"ImportId"').mean() >= 0.5:
                drop.append(frame.index[1])
        headers = [v.strip() if isinstance(v, str) and v.strip() else str(c) for c, v in zip(frame.columns, first)]
        note = "Qualtrics export: question texts used as column names" + (
            "; the import-ID row skipped" if len(drop) > 1 else "")
    elif {"respondentid", "collectorid"} <= names and any(
            isinstance(v, str) and v.strip() in _SURVEYMONKEY_PARTS for v in first):
        headers, question = [], None
        for position, (column, part) in enumerate(zip(frame.columns, first)):
            if str(column) != f"Column {position + 1}":  # a blank header continues the question before it
                question = str(column)
            part = part.strip() if isinstance(part, str) else ""
            asked = question if question is not None else str(column)
            headers.append(asked if not part or part in _SURVEYMONKEY_PARTS else f"{asked} - {part}")
        note = "SurveyMonkey export: question and answer-part rows combined into column names"
    else:
        return frame
    frame = numbers_again(frame.drop(index=drop))  # the header rows were all that made those columns text
    frame.columns = clean_headers(headers)
    meta["survey_export"] = note
    return frame


#: SurveyMonkey's second header row names a single answer this way (the column is the question).
_SURVEYMONKEY_PARTS = {"Response", "Open-Ended Response"}
