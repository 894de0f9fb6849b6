"""CategoryEncoding, Discretization and Hashing: Keras's documented examples, adapt, errors, and a
structured-data model built from them."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.layers import CategoryEncoding, Discretization, Hashing

X = np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]])


def test_category_encoding_documented_examples():
    np.testing.assert_array_equal(CategoryEncoding(4, output_mode="one_hot")(np.array([3, 2, 0, 1])).numpy(),
                                  np.eye(4)[[3, 2, 0, 1]])
    ids = np.array([[0, 1], [0, 0], [1, 2], [3, 1]])
    np.testing.assert_array_equal(CategoryEncoding(4)(ids).numpy(), [[1, 1, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0],
                                                                      [0, 1, 0, 1]])
    weights = np.array([[0.1, 0.2], [0.1, 0.1], [0.2, 0.3], [0.4, 0.2]])
    np.testing.assert_allclose(CategoryEncoding(4, output_mode="count")(ids, count_weights=weights).numpy(),
                               [[0.1, 0.2, 0, 0], [0.2, 0, 0, 0], [0, 0.2, 0.3, 0], [0, 0.2, 0, 0.4]], rtol=1e-6)
    with pytest.raises(ValueError, match=r"integers in \[0, 4\)"):
        CategoryEncoding(4)(np.array([4]))


def test_discretization_given_and_learnt_boundaries():
    np.testing.assert_array_equal(Discretization(bin_boundaries=[0.0, 1.0, 2.0])(X).numpy(), [[0, 2, 3, 1], [1, 3, 2, 1]])
    layer = Discretization(num_bins=4, epsilon=0.01)
    layer.adapt(X)
    np.testing.assert_array_equal(layer(X).numpy(), [[0, 2, 3, 1], [1, 3, 2, 1]])
    np.testing.assert_allclose(layer.bin_boundaries, np.quantile(X, [0.25, 0.5, 0.75]))
    hot = Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")(np.array([-1.0, 0.5, 9.0]))
    np.testing.assert_array_equal(hot.numpy(), np.eye(3))
    with pytest.raises(ValueError, match="either bin_boundaries or num_bins"):
        Discretization()


def test_hashing_is_deterministic_in_range_and_keeps_the_mask_at_zero():
    values = np.array([["A"], ["B"], ["C"], ["D"], ["E"]])
    first, again = Hashing(3)(values).numpy(), Hashing(3)(values).numpy()
    np.testing.assert_array_equal(first, again)
    assert first.min() >= 0 and first.max() < 3 and len(set(first.ravel())) > 1
    masked = Hashing(3, mask_value="")(np.array([["A"], [""], ["C"]])).numpy()
    assert masked[1, 0] == 0 and masked[0, 0] in (1, 2) and masked[2, 0] in (1, 2)
    assert not np.array_equal(Hashing(1000, salt=1)(values).numpy(), Hashing(1000, salt=2)(values).numpy())
    np.testing.assert_array_equal(Hashing(4)(np.array([7, 7])).numpy()[0], Hashing(4)(np.array([7.0])).numpy()[0])


def test_a_structured_data_model_learns_from_encoded_columns(tmp_path):
    rng = np.random.default_rng(3)
    age, city = rng.uniform(18, 80, size=200), rng.integers(0, 3, size=200)
    y = ((age > 50) ^ (city == 2)).astype("float32")
    age_bins = Discretization(num_bins=4)
    age_bins.adapt(age)
    age_in, city_in = keras.Input((1,)), keras.Input((1,))
    features = keras.layers.Concatenate()([CategoryEncoding(4, output_mode="one_hot")(age_bins(age_in)),
                                           CategoryEncoding(3, output_mode="one_hot")(city_in)])
    hidden = keras.layers.Dense(8, activation="relu")(features)
    model = keras.Model([age_in, city_in], keras.layers.Dense(1, activation="sigmoid")(hidden))
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy", metrics=["accuracy"])
    history = model.fit([age[:, None], city[:, None]], y, epochs=40, verbose=0).history
    assert history["accuracy"][-1] > 0.9
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    probe = [age[:5, None], city[:5, None]]
    np.testing.assert_allclose(again.predict(probe, verbose=0), model.predict(probe, verbose=0), rtol=1e-6)
