"""One exception family. Every error a user can cause is a ``NlpVarmlandError`` whose message
is one line saying what went wrong and what to do; the CLI prints it without a traceback."""
from __future__ import annotations


class NlpVarmlandError(Exception):
    """Base class for errors the user can cause and fix."""


class InputError(NlpVarmlandError):
    """An input file or folder cannot be read as contributions."""


class GoalFileError(NlpVarmlandError):
    """A goal file is missing, malformed or inconsistent."""


class EmbedderError(NlpVarmlandError):
    """An embedder is unknown or its model is not available locally."""


class StoreError(NlpVarmlandError):
    """The SQLite store is not a store, is from a newer schema, or is locked."""


class EstimatorError(InputError, ValueError):
    """An estimator got a parameter or an input it cannot use (an ``InputError``, and a ``ValueError``
    as in scikit-learn)."""
