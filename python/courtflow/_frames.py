"""Turning courtflow's outputs (the texts the command line writes) into pandas DataFrames.

The C++ module returns summary.json, timeseries.csv and the other files exactly as
``courtflow`` writes them; these functions only parse them, so a DataFrame built from a
``model.run()`` and one built from ``courtflow run``'s files are the same.
"""

import io

import pandas as pd

# Columns that hold names (never read "NA" or "null" as missing) or dates.
_TEXT_COLUMNS = ("stage", "metric", "group", "scenario", "section", "measure")
_DATE_COLUMNS = ("period_end_date",)


def csv_frame(text):
    """A DataFrame from one of courtflow's CSV outputs: names stay text, empty numbers are
    NaN, ``period_end_date`` is a datetime (NaT where the model has no start_date)."""
    header = text.split("\n", 1)[0].split(",")
    dtypes = {c: str for c in header if c in _TEXT_COLUMNS or c in _DATE_COLUMNS}
    frame = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])
    for column in frame.columns:
        if column in _TEXT_COLUMNS:
            frame[column] = frame[column].fillna("")
        elif column in _DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column].mask(frame[column] == ""), format="%Y-%m-%d")
    return frame


def _measure_columns(row, prefix=""):
    """Flattens {"mean": x, "ci95": [lo, hi]} values into NAME, NAME_lo, NAME_hi."""
    out = {}
    for key, value in row.items():
        name = prefix + key
        if isinstance(value, dict) and "mean" in value:
            ci = value.get("ci95") or [None, None]
            out[name] = value["mean"]
            out[name + "_lo"] = ci[0]
            out[name + "_hi"] = ci[1]
        elif isinstance(value, dict):
            out.update(_measure_columns(value, name + "_"))
        elif not isinstance(value, list):
            out[name] = value
    return out


def measure_frame(rows):
    """One row per entry of a summary list (``stages``, ``case_types``, ``groups``): plain
    fields as they are, each measure as its mean and its 95% interval (``_lo``, ``_hi``).
    Undefined values (null in the JSON, e.g. utilisation at a pure delay) are NaN."""
    frame = pd.DataFrame([_measure_columns(r) for r in rows])
    for column in frame.columns:
        if column != "id" and frame[column].dtype == object:
            converted = pd.to_numeric(frame[column], errors="coerce")
            if converted.notna().sum() == frame[column].notna().sum():
                frame[column] = converted
    return frame
