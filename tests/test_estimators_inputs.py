"""Estimators refuse bad parameters and inputs with one-line library errors, and share the
scikit-learn parameter API (tester B8, findings 4, 5, 11)."""
from __future__ import annotations

import numpy as np
import pytest

import nlp_varmland as nv
from nlp_varmland.challenges import ChallengeDetector
from nlp_varmland.errors import NlpVarmlandError
from nlp_varmland.goals import GoalMapper, load_goals
from nlp_varmland.themes import ThemeModel

DOCS = ["Bussen går sällan", "Ingen buss på kvällen", "Bussar saknas på landet", "Tåget är sent",
        "Bostadsbrist i stan", "Inga lägenheter", "Hyrorna är höga", "Få hyresrätter byggs"]


def _X(n: int = len(DOCS), dim: int = 8) -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.normal(size=(n, dim)).astype(np.float32)


def _one_line(err: pytest.ExceptionInfo[BaseException]) -> None:
    assert isinstance(err.value, NlpVarmlandError)
    assert "\n" not in str(err.value)


def test_public_names_are_importable() -> None:
    from nlp_varmland import NotFittedError, build_yearly_report, clone  # noqa: F401

    assert issubclass(nv.NotFittedError, NlpVarmlandError)
    assert issubclass(nv.NotFittedError, ValueError) and issubclass(nv.NotFittedError, AttributeError)
    assert callable(nv.clone) and callable(nv.build_yearly_report)


# ------------------------------------------------------------------ ChallengeDetector (finding 5)

def test_challenge_detector_has_the_parameter_api_and_sklearn_clones_it() -> None:
    from sklearn.base import clone as sk_clone

    det = ChallengeDetector(embedder=False, threshold=0.4)
    assert det.get_params()["threshold"] == 0.4
    assert det.set_params(threshold=0.6) is det and det.threshold == 0.6
    copy = sk_clone(det)
    assert copy is not det and copy.get_params() == det.get_params()
    assert nv.clone(det).threshold == 0.6


def test_challenge_detector_before_fit_is_not_fitted_error() -> None:
    with pytest.raises(nv.NotFittedError, match="not fitted") as err:
        ChallengeDetector(embedder=False).predict(["Bussarna går för sällan"])
    _one_line(err)


def test_challenge_detector_refuses_one_string_and_reads_missing_texts_as_empty() -> None:
    det = ChallengeDetector(embedder=False).fit()
    with pytest.raises(NlpVarmlandError, match="one string") as err:
        det.predict("Bussarna går för sällan")
    _one_line(err)
    assert det.predict([None, np.nan, "Bussarna går för sällan"]).tolist() == [False, False, True]
    assert det.predict_proba([None]).tolist() == det.predict_proba([""]).tolist()


@pytest.mark.parametrize("threshold", [5, -0.1, "0.5", float("nan")])
def test_challenge_detector_threshold_out_of_range_is_one_line(threshold: object) -> None:
    with pytest.raises(NlpVarmlandError, match="threshold") as err:
        ChallengeDetector(embedder=False, threshold=threshold).fit()  # type: ignore[arg-type]
    _one_line(err)
    assert isinstance(err.value, ValueError)  # scikit-learn code catching ValueError still does


def test_challenge_detector_wrong_embeddings_are_one_line() -> None:
    det = ChallengeDetector(embedder="tfidf").fit()
    with pytest.raises(NlpVarmlandError, match="2 texts but 1 embeddings") as err:
        det.predict(["a b", "c d"], np.zeros((1, det.prototypes_.shape[1])))
    _one_line(err)
    with pytest.raises(NlpVarmlandError, match="columns") as err:
        det.predict(["a b"], np.zeros((1, det.prototypes_.shape[1] + 3)))
    _one_line(err)


# ------------------------------------------------------------------ GoalMapper (finding 4)

def test_goal_mapper_takes_an_embedder_spec_string() -> None:
    mapper = GoalMapper(embedder="tfidf", cache=False).fit(load_goals())
    assert mapper.embedder_.backend == "tfidf"
    out = mapper.transform(["Bussen går för sällan på landsbygden"])
    assert len(out) == 1


def test_goal_mapper_refuses_what_is_not_an_embedder() -> None:
    with pytest.raises(NlpVarmlandError, match="not an embedder") as err:
        GoalMapper(embedder=42, cache=False).fit(load_goals())
    _one_line(err)


def test_goal_mapper_transform_refuses_one_string_and_wrong_embeddings() -> None:
    mapper = GoalMapper(embedder="tfidf", cache=False).fit(load_goals())
    dim = mapper.desc_vectors_.shape[1]
    with pytest.raises(NlpVarmlandError, match="one string") as err:
        mapper.transform("Bussen går för sällan")
    _one_line(err)
    with pytest.raises(NlpVarmlandError, match="2 texts but 1 embeddings") as err:
        mapper.transform(["a b", "c d"], np.zeros((1, dim)))
    _one_line(err)
    with pytest.raises(NlpVarmlandError, match="columns") as err:
        mapper.transform(["a b"], np.zeros((1, dim + 1)))
    _one_line(err)
    with pytest.raises(NlpVarmlandError, match="shape") as err:
        mapper.transform(["a b"], np.zeros(dim))
    _one_line(err)


@pytest.mark.parametrize("params", [{"max_goals": 0}, {"max_goals": "3"}, {"threshold": "hög"}])
def test_goal_mapper_bad_parameters_are_one_line(params: dict[str, object]) -> None:
    with pytest.raises(NlpVarmlandError) as err:
        GoalMapper(embedder="tfidf", cache=False, **params).fit(load_goals())  # type: ignore[arg-type]
    _one_line(err)


# ------------------------------------------------------------------ ThemeModel (findings 4, 11)

@pytest.mark.parametrize("params", [{"n_themes": "5"}, {"n_themes": -3}, {"n_themes": 0}, {"random_state": "x"},
                                    {"min_theme_size": 0}, {"max_outlier_share": 2.0},
                                    {"clusterer": "louvain"}, {"reducer": "umap"}])
def test_theme_model_bad_parameters_are_one_line(params: dict[str, object]) -> None:
    with pytest.raises(NlpVarmlandError, match=next(iter(params))) as err:
        ThemeModel(**params).fit(DOCS, _X())  # type: ignore[arg-type]
    _one_line(err)


def test_theme_model_refuses_one_string_nan_embeddings_and_wrong_width() -> None:
    with pytest.raises(NlpVarmlandError, match="one string") as err:
        ThemeModel().fit("Bussen går sällan", _X(1))
    _one_line(err)
    with pytest.raises(NlpVarmlandError, match="NaN") as err:
        ThemeModel().fit(DOCS, np.full((len(DOCS), 8), np.nan))
    _one_line(err)
    tm = ThemeModel(random_state=0).fit(DOCS, _X())
    assert tm.n_features_in_ == 8
    assert len(tm.transform(_X(3))) == 3
    with pytest.raises(NlpVarmlandError, match="8") as err:
        tm.transform(_X(3, dim=5))
    _one_line(err)


def test_theme_model_transform_before_fit_is_not_fitted_error() -> None:
    with pytest.raises(nv.NotFittedError):
        ThemeModel().transform(_X(2))


def test_estimators_show_their_non_default_parameters():
    # scikit-learn's repr: a notebook shows what was set, not an object address
    from nlp_varmland import ChallengeDetector, GoalMapper, ThemeModel

    assert repr(ThemeModel(n_themes=8)) == "ThemeModel(n_themes=8)"
    assert repr(ChallengeDetector(embedder=False, threshold=0.4)) == "ChallengeDetector(embedder=False, threshold=0.4)"
    assert repr(GoalMapper()) == "GoalMapper()"


def test_goalset_and_analysis_show_counts_not_contents():
    from nlp_varmland.goals import load_goals

    text = repr(load_goals())
    assert text.startswith("GoalSet('varmlandsstrategin-2040'") and "4 areas, 18 sub-goals" in text
    assert len(text) < 200 and "keywords" not in repr(load_goals().goals[0])
