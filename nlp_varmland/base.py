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
from typing import Any, TypeVar

T = TypeVar("T")


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit``.

    Subclasses ``ValueError`` and ``AttributeError`` like scikit-learn's ``NotFittedError``, so
    code written against scikit-learn catches it too.
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
