"""Several inputs and outputs: data, losses, loss weights and metrics per output by list or by name,
history keys as Keras names them (issue 9, item 9)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _two_by_two():
    a, b = keras.Input(shape=(3,), name="a"), keras.Input(shape=(2,), name="b")
    joined = layers.Concatenate()([layers.Dense(8, activation="tanh")(a), layers.Dense(8, activation="tanh")(b)])
    price = layers.Dense(1, name="price")(joined)
    sold = layers.Dense(1, activation="sigmoid", name="sold")(joined)
    return keras.Model([a, b], [price, sold])


def _data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    xa, xb = rng.normal(size=(n, 3)).astype(np.float32), rng.normal(size=(n, 2)).astype(np.float32)
    price = (xa[:, :1] - 2 * xb[:, 1:]).astype(np.float32)
    sold = (xa[:, 1] + xb[:, 0] > 0).astype(np.float32)
    return xa, xb, price, sold


def test_names_of_inputs_and_outputs():
    model = _two_by_two()
    assert model.input_names == ["a", "b"] and model.output_names == ["price", "sold"]


def test_dicts_by_name_with_loss_weights_and_metrics_per_output():
    model = _two_by_two()
    model.compile(keras.optimizers.Adam(0.02), loss={"price": "mse", "sold": "binary_crossentropy"},
                  loss_weights={"price": 1.0, "sold": 0.5}, metrics={"sold": ["accuracy"]})
    xa, xb, price, sold = _data()
    history = model.fit({"a": xa, "b": xb}, {"price": price, "sold": sold}, epochs=8, batch_size=32, verbose=0)
    assert set(history.history) == {"loss", "price_loss", "sold_loss", "sold_accuracy"}
    for key in ("loss", "price_loss", "sold_loss"):
        assert history.history[key][-1] < 0.8 * history.history[key][0], key
    result = model.evaluate({"b": xb, "a": xa}, {"sold": sold, "price": price}, batch_size=96,
                            verbose=0, return_dict=True)
    assert result["loss"] == pytest.approx(result["price_loss"] + 0.5 * result["sold_loss"], rel=1e-5)
    price_pred, sold_pred = model.predict([xa, xb], verbose=0)
    assert result["price_loss"] == pytest.approx(float(np.mean((price_pred - price) ** 2)), rel=1e-4)
    assert result["sold_accuracy"] == pytest.approx(float(np.mean((sold_pred[:, 0] > 0.5) == sold)))


def test_lists_in_the_order_of_the_outputs():
    model = _two_by_two()
    model.compile("adam", loss=["mse", "binary_crossentropy"], loss_weights=[2.0, 1.0],
                  metrics=[["mae"], ["accuracy"]])
    xa, xb, price, sold = _data()
    history = model.fit([xa, xb], [price, sold], epochs=1, verbose=0)
    assert set(history.history) == {"loss", "price_loss", "sold_loss", "price_mae", "sold_accuracy"}
    values = model.evaluate([xa, xb], [price, sold], batch_size=96, verbose=0)
    names = model.metrics_names
    assert names[0] == "loss" and len(values) == len(names)
    logs = dict(zip(names, values))
    assert logs["loss"] == pytest.approx(2 * logs["price_loss"] + logs["sold_loss"], rel=1e-5)


def test_one_loss_for_every_output_and_a_flat_metric_list():
    model = _two_by_two()
    model.compile("sgd", loss="mse", metrics=["mae"])
    xa, xb, price, sold = _data()
    history = model.fit([xa, xb], [price, sold], epochs=1, verbose=0)
    assert set(history.history) == {"loss", "price_loss", "sold_loss", "price_mae", "sold_mae"}


def test_mistakes_name_the_outputs():
    model = _two_by_two()
    with pytest.raises(ValueError, match=r"not output names.*\['price', 'sold'\]"):
        model.compile("sgd", loss={"cost": "mse"})
    model.compile("sgd", loss="mse")
    xa, xb, price, sold = _data()
    with pytest.raises(ValueError, match="2 outputs"):
        model.fit([xa, xb], price, verbose=0)
    with pytest.raises(ValueError, match=r"input\(s\) \['b'\]"):
        model.predict({"a": xa}, verbose=0)


def test_dict_outputs_train_by_their_keys():
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, {"score": layers.Dense(1)(inputs), "probs": layers.Dense(2, activation="softmax")(inputs)})
    model.compile(keras.optimizers.SGD(0.1), loss={"score": "mse", "probs": "sparse_categorical_crossentropy"},
                  metrics={"probs": "accuracy"})
    xa, _, price, sold = _data()
    history = model.fit(xa, {"score": price, "probs": sold.astype(int)}, epochs=3, verbose=0)
    assert set(history.history) == {"loss", "score_loss", "probs_loss", "probs_accuracy"}
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_saved_and_loaded_with_its_losses_weights_and_metrics_per_output(tmp_path):
    model = _two_by_two()
    model.compile("adam", loss={"price": "mse", "sold": "binary_crossentropy"}, loss_weights={"price": 1.0, "sold": 0.5},
                  metrics={"sold": ["accuracy"], "price": [keras.metrics.MeanAbsoluteError(name="mae")]})
    xa, xb, price, sold = _data()
    model.fit([xa, xb], [price, sold], epochs=1, verbose=0)
    model.save(tmp_path / "two.keras")
    loaded = keras.models.load_model(tmp_path / "two.keras")
    expected = model.evaluate([xa, xb], [price, sold], verbose=0, return_dict=True)
    got = loaded.evaluate([xa, xb], [price, sold], verbose=0, return_dict=True)
    assert set(got) == {"loss", "price_loss", "sold_loss", "price_mae", "sold_accuracy"}
    for key in expected:
        assert got[key] == pytest.approx(expected[key], rel=1e-5), key


def _one_output(weights=None):
    inputs = keras.Input(shape=(3,), name="x")
    model = keras.Model(inputs, layers.Dense(1, name="out")(inputs))
    if weights is not None:
        model.set_weights(weights)
    return model


@pytest.mark.parametrize("loss_weights", [2.0, [2.0], {"out": 2.0}])
def test_loss_weights_scale_the_loss_of_a_single_output_model(loss_weights):
    xa, _, price, _ = _data()
    plain = _one_output()
    weighted = _one_output(plain.get_weights())
    plain.compile(keras.optimizers.SGD(0.02), loss="mse")
    weighted.compile(keras.optimizers.SGD(0.01), loss="mse", loss_weights=loss_weights)
    mse = plain.evaluate(xa, price, verbose=0)
    assert weighted.evaluate(xa, price, verbose=0) == pytest.approx(2 * mse, rel=1e-6)
    # the gradient doubles too: half the learning rate then takes the same steps
    plain.fit(xa, price, batch_size=32, shuffle=False, epochs=1, verbose=0)
    weighted.fit(xa, price, batch_size=32, shuffle=False, epochs=1, verbose=0)
    assert not np.allclose(plain.get_weights()[0], _one_output().get_weights()[0])
    for got, want in zip(weighted.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_a_single_output_takes_its_loss_and_targets_keyed_by_its_name():
    xa, _, price, _ = _data()
    by_name, plain = _one_output(), None
    plain = _one_output(by_name.get_weights())
    by_name.compile("sgd", loss={"out": "mse"})
    plain.compile("sgd", loss="mse")
    got = by_name.evaluate(xa, {"out": price}, verbose=0)
    assert got == pytest.approx(float(np.mean((plain.predict(xa, verbose=0) - price) ** 2)), rel=1e-5)
    history = by_name.fit(xa, {"out": price}, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_a_loss_list_of_the_wrong_length_names_the_outputs():
    with pytest.raises(ValueError, match=r"compile\(loss=...\): the model has 2 outputs \['price', 'sold'\]; "
                                         r"got a list of 3"):
        _two_by_two().compile("sgd", loss=["mse", "mse", "mse"])


def test_a_zero_loss_weight_leaves_that_output_untrained():
    model = _two_by_two()
    model.compile(keras.optimizers.SGD(0.05), loss=["mse", "binary_crossentropy"], loss_weights=[1.0, 0.0])
    xa, xb, price, sold = _data()
    sold_head = model.get_layer("sold")
    before = [w.copy() for w in sold_head.get_weights()]
    model.fit([xa, xb], [price, sold], epochs=2, verbose=0)
    for got, want in zip(sold_head.get_weights(), before):
        np.testing.assert_array_equal(got, want)
    logs = model.evaluate([xa, xb], [price, sold], batch_size=96, verbose=0, return_dict=True)
    assert logs["sold_loss"] > 0 and logs["loss"] == pytest.approx(logs["price_loss"], rel=1e-6)


def test_an_output_left_out_of_a_loss_weights_dict_weighs_one():
    model = _two_by_two()
    model.compile("sgd", loss=["mse", "binary_crossentropy"], loss_weights={"sold": 3.0})
    xa, xb, price, sold = _data()
    logs = model.evaluate([xa, xb], [price, sold], batch_size=96, verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(logs["price_loss"] + 3.0 * logs["sold_loss"], rel=1e-5)


def test_weighted_metrics_alone_are_reported_with_the_sample_weights():
    xa, _, price, _ = _data()
    model = _one_output()
    model.compile("sgd", loss="mse", weighted_metrics=["mae"])
    weights = np.linspace(0.0, 2.0, len(xa)).astype(np.float32)
    logs = model.evaluate(xa, price, sample_weight=weights, batch_size=96, verbose=0, return_dict=True)
    error = np.abs(model.predict(xa, verbose=0)[:, 0] - price[:, 0])
    assert set(logs) == {"loss", "mae"}
    assert logs["mae"] == pytest.approx(float(np.sum(weights * error) / np.sum(weights)), rel=1e-5)
    assert logs["mae"] != pytest.approx(float(error.mean()), rel=1e-3)


def test_a_list_of_metric_lists_for_a_single_output_is_refused_with_the_value():
    xa, _, price, _ = _data()
    model = _one_output()
    model.compile("sgd", loss="mse", metrics=[["mae"]])
    with pytest.raises((TypeError, ValueError), match=r"\['mae'\]"):
        model.evaluate(xa, price, verbose=0)


def test_an_output_left_out_of_the_loss_dict_is_not_trained_and_needs_no_targets():
    model = _two_by_two()
    model.compile(keras.optimizers.SGD(0.05), loss={"price": "mse"})
    xa, xb, price, sold = _data()
    sold_head = model.get_layer("sold")
    before = [w.copy() for w in sold_head.get_weights()]
    history = model.fit([xa, xb], {"price": price}, epochs=2, verbose=0)
    assert set(history.history) == {"loss"}            # one loss: no per-output copy of it (Keras 3)
    assert history.history["loss"][-1] < history.history["loss"][0]
    for got, want in zip(sold_head.get_weights(), before):
        np.testing.assert_array_equal(got, want)
    price_pred = model.predict([xa, xb], verbose=0)[0]
    assert model.evaluate([xa, xb], {"price": price}, batch_size=96, verbose=0) == pytest.approx(
        float(np.mean((price_pred - price) ** 2)), rel=1e-5)


def test_targets_missing_for_an_output_that_has_a_loss_name_it():
    model = _two_by_two()
    model.compile("sgd", loss={"price": "mse", "sold": "binary_crossentropy"})
    xa, xb, price, _ = _data()
    with pytest.raises(ValueError, match="y has no targets for output 'sold'"):
        model.fit([xa, xb], {"price": price}, epochs=1, verbose=0)


def test_a_model_compiled_without_metrics_tracks_its_loss_alone():
    xa, _, price, _ = _data()
    model = _one_output()
    model.compile("sgd", loss="mse")
    logs = model.fit(xa, price, epochs=1, verbose=0).history
    assert set(logs) == {"loss"}
    assert [m.name for m in model.metrics] == ["loss"] and model.metrics_names == ["loss"]


def test_a_metric_both_plain_and_weighted_is_logged_twice_as_keras_names_them():
    xa, _, price, _ = _data()
    model = _one_output()
    model.compile("sgd", loss="mse", metrics=["mae"], weighted_metrics=["mae"])
    weights = np.linspace(0.0, 2.0, len(xa)).astype(np.float32)
    logs = model.evaluate(xa, price, sample_weight=weights, batch_size=96, verbose=0, return_dict=True)
    error = np.abs(model.predict(xa, verbose=0)[:, 0] - price[:, 0])
    assert set(logs) == {"loss", "mae", "weighted_mae"}
    assert logs["mae"] == pytest.approx(float(error.mean()), rel=1e-5)
    assert logs["weighted_mae"] == pytest.approx(float(np.sum(weights * error) / np.sum(weights)), rel=1e-5)


def test_a_metric_whose_result_is_several_numbers_reaches_the_logs_whole():
    class ErrorsPerSide(keras.metrics.Metric):
        """Mean error where the target is negative, and where it is not: two numbers."""

        def __init__(self, name="errors_per_side"):
            super().__init__(name=name)
            self.reset_state()

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_true, y_pred = np.asarray(y_true)[:, 0], np.asarray(y_pred)[:, 0]
            error = np.abs(y_true - y_pred)
            negative = y_true < 0
            self.sums += [error[negative].sum(), error[~negative].sum()]
            self.counts += [negative.sum(), (~negative).sum()]

        def result(self):
            return self.sums / np.maximum(self.counts, 1)

        def reset_state(self):
            self.sums, self.counts = np.zeros(2), np.zeros(2)
    xa, _, price, _ = _data()
    model = _one_output()
    model.compile("sgd", loss="mse", metrics=[ErrorsPerSide()])
    logs = model.evaluate(xa, price, batch_size=96, verbose=0, return_dict=True)
    error, negative = np.abs(model.predict(xa, verbose=0)[:, 0] - price[:, 0]), price[:, 0] < 0
    np.testing.assert_allclose(logs["errors_per_side"], [error[negative].mean(), error[~negative].mean()],
                               rtol=1e-5)
