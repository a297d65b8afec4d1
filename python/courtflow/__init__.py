"""courtflow for Python: load court case-flow models, run them, calibrate them from pandas
event logs, find bottlenecks, compare scenarios and back-test against published series.

    import courtflow
    model = courtflow.load("models/reference/divorce.json")
    result = model.run(replications=10, seed=1)
    result.summary            # summary.json as a dict
    result.stages             # a DataFrame, one row per stage
    result.timeseries         # timeseries.csv as a DataFrame

The numbers are those of the ``courtflow`` command line for the same inputs and seed.
"""

from ._errors import CourtflowWarning, InputError  # first: the C++ module raises InputError
from . import _courtflow
from ._api import (Backtest, Bottlenecks, Comparison, Model, Result, backtest, calibrate, compare, load)

__version__ = _courtflow.__version__

__all__ = ["InputError", "CourtflowWarning", "Model", "Result", "Bottlenecks", "Comparison", "Backtest", "load",
           "calibrate", "compare", "backtest", "__version__"]
