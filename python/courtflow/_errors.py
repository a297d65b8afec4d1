"""courtflow's exceptions and warnings (raised from the C++ module by name)."""


class InputError(ValueError):
    """Bad input: a model, scenario, event log, series or argument courtflow cannot use.

    ``str(error)`` is the message the command line prints after ``courtflow: error: ``
    (``FILE: WHERE: PROBLEM``); when there are several problems (a model with three invalid
    fields), one per line, and ``error.lines`` lists them.
    """

    def __init__(self, message, lines=None):
        super().__init__(message)
        self.lines = list(lines) if lines else [str(message)]


class CourtflowWarning(UserWarning):
    """Something worth knowing that does not stop the work (an unknown key in a model file, a
    scenario whose horizon differs from the base's, a series whose counts do not balance).
    The text is what the command line prints after ``courtflow: warning: ``."""
