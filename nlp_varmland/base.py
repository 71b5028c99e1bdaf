"""What every estimator shares: scikit-learn's parameter API without importing scikit-learn.

``get_params``/``set_params`` read the ``__init__`` signature, exactly as scikit-learn's
``BaseEstimator`` does, so a ``ThemeModel``, ``GoalMapper`` or ``ChallengeDetector`` can be
inspected, reconfigured, cloned and recorded in ``run.json``. Importing scikit-learn costs
about 0.9 s, which the CLI's start-up cannot afford; this mixin costs nothing.

>>> class Model(ParamsMixin):
...     def __init__(self, alpha=1.0, *, beta=None):
...         self.alpha = alpha
...         self.beta = beta
>>> m = Model(alpha=2.0)
>>> m.get_params()
{'alpha': 2.0, 'beta': None}
>>> m.set_params(beta=3).beta
3
>>> clone(m).get_params() == m.get_params() and clone(m) is not m
True
"""
from __future__ import annotations

import copy
import inspect
import math
import numbers
from collections.abc import Iterable
from typing import Any, TypeVar

import numpy as np

from nlp_varmland.errors import EstimatorError, NlpVarmlandError

T = TypeVar("T")


class NotFittedError(NlpVarmlandError, ValueError, AttributeError):
    """An estimator was used before ``fit``.

    A ``NlpVarmlandError`` (the CLI prints it in one line), and a ``ValueError`` and
    ``AttributeError`` like scikit-learn's ``NotFittedError``, so code written against
    scikit-learn catches it too.
    """


class ParamsMixin:
    """``get_params``/``set_params`` from the ``__init__`` signature (scikit-learn's contract)."""

    @classmethod
    def _param_names(cls) -> list[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        sig = inspect.signature(init)
        return sorted(p.name for p in sig.parameters.values()
                      if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments as stored on the estimator (nested ones as ``name__key``)."""
        out: dict[str, Any] = {}
        for name in self._param_names():
            value: Any = getattr(self, name, None)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self: T, **params: Any) -> T:
        """Set constructor arguments (``name__key`` reaches into a nested estimator)."""
        valid = set(self._param_names())  # type: ignore[attr-defined]
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for {type(self).__name__}; "
                                 f"valid parameters: {sorted(valid)}")
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        """scikit-learn's style: the class and the parameters that differ from their defaults.

        >>> class Model(ParamsMixin):
        ...     def __init__(self, alpha=1.0, beta=None):
        ...         self.alpha, self.beta = alpha, beta
        >>> Model(beta=3)
        Model(beta=3)
        """
        sig = inspect.signature(type(self).__init__)
        shown = []
        for name in self._param_names():
            value = getattr(self, name, None)
            default = sig.parameters[name].default
            try:
                same = default is not inspect.Parameter.empty and bool(value == default)
            except (TypeError, ValueError):  # arrays and the like compare element-wise
                same = value is default
            if not same:
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def _check_fitted(self, *attributes: str) -> None:
        """Raise ``NotFittedError`` unless every learned attribute exists."""
        names = attributes or tuple(a for a in vars(self) if a.endswith("_") and not a.startswith("_"))
        if not names or any(getattr(self, a, None) is None for a in names):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit() first")


def clone(estimator: T) -> T:
    """A new, unfitted estimator with the same parameters (sub-estimators cloned too).

    Estimators the user passes in are cloned before they are fitted, so the user's object is
    never changed behind their back.
    """
    get_params = getattr(estimator, "get_params", None)
    if get_params is None:
        return copy.deepcopy(estimator)
    params = {k: (clone(v) if hasattr(v, "get_params") and not isinstance(v, type) else v)
              for k, v in get_params(deep=False).items()}
    return type(estimator)(**params)


def as_texts(texts: Any, what: str = "texts") -> list[str]:
    """``texts`` as a list of strings; None and NaN are empty texts.

    A single string is refused (it would be read one character at a time), and so is anything
    that is not a list, tuple, array or Series of texts.

    >>> as_texts(["Bussen går sällan", None, float("nan")])
    ['Bussen går sällan', '', '']
    >>> as_texts("Bussen går sällan")                   # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nlp_varmland.errors.EstimatorError: texts must be a list of texts, got one string ('Bussen går sällan'); ...
    """
    if isinstance(texts, (str, bytes)):
        text = texts.decode("utf-8", "replace") if isinstance(texts, bytes) else texts
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise EstimatorError(f"{what} must be a list of texts, got one string ({shown!r}); "
                             'wrap it in a list: ["..."]')
    if texts is None or not isinstance(texts, Iterable) or isinstance(texts, dict):
        raise EstimatorError(f"{what} must be a list of texts, got {type(texts).__name__}")
    if isinstance(texts, np.ndarray) and texts.ndim != 1:
        raise EstimatorError(f"{what} must be a list of texts, got an array of shape {texts.shape}")
    return ["" if _missing(t) else str(t) for t in texts]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(value is pd.NA or value is pd.NaT)
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False


def check_embeddings(embeddings: Any, n: int | None = None, dim: int | None = None,
                     what: str = "embeddings") -> np.ndarray:
    """``embeddings`` as a finite float32 matrix of ``n`` rows and ``dim`` columns, or a one-line error.

    >>> check_embeddings([[1, 0], [0, 1]], n=2).shape
    (2, 2)
    >>> check_embeddings([[1, 0]], dim=3)
    Traceback (most recent call last):
    ...
    nlp_varmland.errors.EstimatorError: embeddings have 2 columns, the fitted model 3; embed with the same embedder
    """
    try:
        X = np.asarray(embeddings, dtype=np.float32)
    except (TypeError, ValueError):
        raise EstimatorError(f"{what} must be a numeric matrix (n, dim), got {type(embeddings).__name__}") from None
    if X.size == 0 and X.ndim == 1:  # no texts, no rows
        X = X.reshape(0, dim or 0)
    if X.ndim != 2:
        raise EstimatorError(f"{what} must be a matrix of shape (n, dim), got shape {X.shape}; "
                             "pass one embedding row per text")
    if n is not None and X.shape[0] != n:
        raise EstimatorError(f"{n} texts but {X.shape[0]} embeddings; pass one embedding row per text")
    if dim is not None and X.shape[0] and X.shape[1] != dim:
        raise EstimatorError(f"{what} have {X.shape[1]} columns, the fitted model {dim}; embed with the same embedder")
    if X.size and not np.isfinite(X).all():
        bad = int((~np.isfinite(X).all(axis=1)).sum())
        raise EstimatorError(f"{what} hold NaN or infinite values in {bad} row{'s' if bad != 1 else ''}; "
                             "embed those texts again")
    return X


def check_number(value: Any, name: str, *, low: float | None = None, high: float | None = None,
                 integer: bool = False, none: bool = False) -> Any:
    """``value`` if it is a number in ``[low, high]`` (a whole one if ``integer``; None if ``none``).

    >>> check_number(5, "n_themes", low=1, integer=True)
    5
    >>> check_number("5", "n_themes", low=1, integer=True)
    Traceback (most recent call last):
    ...
    nlp_varmland.errors.EstimatorError: n_themes must be a whole number of at least 1, got '5'
    """
    if value is None and none:
        return value
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool)
    if ok and not integer and math.isnan(float(value)):
        ok = False
    if ok and ((low is not None and value < low) or (high is not None and value > high)):
        ok = False
    if not ok:
        what = "a whole number" if integer else "a number"
        if low is not None and high is not None:
            rng = f" from {low} to {high}"
        elif low is not None:
            rng = f" of at least {low}"
        elif high is not None:
            rng = f" of at most {high}"
        else:
            rng = ""
        raise EstimatorError(f"{name} must be {what}{rng}{' or None' if none else ''}, got {value!r}")
    return value
