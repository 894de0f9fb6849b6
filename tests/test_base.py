"""Estimator types are read from the tags, as scikit-learn ≥ 1.6 reads them."""
import numpy as np
import pytest

from glassnet.base import BaseEstimator, estimator_type, is_classifier, is_clusterer, is_regressor


def test_scikit_learn_estimators_are_read_from_their_tags():
    from sklearn.cluster import KMeans
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.neural_network import MLPClassifier
    from sklearn.svm import SVC
    for classifier in (SVC(), MLPClassifier(), LogisticRegression()):
        assert not hasattr(classifier, "_estimator_type")   # what the old reading relied on
        assert is_classifier(classifier) and not is_regressor(classifier)
    assert is_regressor(Ridge()) and not is_classifier(Ridge())
    assert is_clusterer(KMeans())


def test_glassnet_estimators_and_wrappers_carry_the_tags():
    from sklearn.svm import SVC
    from sklearn.utils import get_tags
    from glassnet.cluster import KMeans
    from glassnet.linear_model import LinearRegression, LogisticRegression
    from glassnet.model_selection import GridSearchCV
    from glassnet.pipeline import make_pipeline
    from glassnet.preprocessing import StandardScaler
    assert get_tags(LogisticRegression()).estimator_type == "classifier"
    assert get_tags(LinearRegression()).estimator_type == "regressor"
    assert get_tags(KMeans()).estimator_type == "clusterer"
    # a scikit-learn classifier at the end of a glassnet pipeline or inside a glassnet search
    assert is_classifier(make_pipeline(StandardScaler(), SVC()))
    assert is_classifier(GridSearchCV(SVC(), {"C": [1.0]}))
    assert get_tags(make_pipeline(StandardScaler(), SVC())).estimator_type == "classifier"


def test_old_style_estimators_fall_back_to_estimator_type():
    class Old:
        _estimator_type = "regressor"
    assert is_regressor(Old()) and estimator_type(object()) is None


def test_a_class_is_refused_with_a_clear_error():
    from glassnet.linear_model import LinearRegression
    with pytest.raises(TypeError, match="instance"):
        is_classifier(LinearRegression)


def test_cross_val_score_stratifies_for_scikit_learn_classifiers():
    from sklearn.datasets import load_iris
    from sklearn.model_selection import cross_val_score as sk_cross_val_score
    from sklearn.svm import SVC
    from glassnet.model_selection import GridSearchCV, cross_val_score
    X, y = load_iris(return_X_y=True)    # sorted by class: KFold would test on unseen classes
    ours = cross_val_score(SVC(), X, y, cv=5)
    np.testing.assert_allclose(ours, sk_cross_val_score(SVC(), X, y, cv=5))
    assert ours.mean() > 0.9
    search = GridSearchCV(SVC(), {"C": [0.1, 1.0]}, cv=5).fit(X, y)
    assert search.best_score_ > 0.9


def test_learning_and_validation_curves_match_scikit_learn_for_its_classifiers():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import learning_curve as sk_learning_curve
    from sklearn.model_selection import validation_curve as sk_validation_curve
    from sklearn.svm import SVC
    from glassnet.model_selection import learning_curve, validation_curve
    X, y = load_digits(return_X_y=True)
    X, y = X[:400], y[:400]
    for ours, theirs in zip(learning_curve(SVC(gamma=0.001), X, y, cv=5, train_sizes=[0.3, 1.0]),
                            sk_learning_curve(SVC(gamma=0.001), X, y, cv=5, train_sizes=[0.3, 1.0])):
        np.testing.assert_allclose(ours, theirs)
    for ours, theirs in zip(validation_curve(SVC(), X, y, param_name="gamma", param_range=[1e-4, 1e-3], cv=5),
                            sk_validation_curve(SVC(), X, y, param_name="gamma", param_range=[1e-4, 1e-3], cv=5)):
        np.testing.assert_allclose(ours, theirs)
