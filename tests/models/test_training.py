"""compile / fit / evaluate / predict: numbers checked against PyTorch and by hand, errors by message."""
import warnings

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential


def _classification(n=90, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int)
    return x, np.minimum(y, classes - 1)


def _mlp(features=4, classes=3, **kwargs):
    return Sequential([keras.Input(shape=(features,)), layers.Dense(8, activation="relu", **kwargs),
                       layers.Dense(classes, activation="softmax")])


def test_one_epoch_of_sgd_matches_pytorch():
    torch = pytest.importorskip("torch")
    x, y = _classification(n=50)
    model = _mlp()
    weights = model.get_weights()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)

    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    with torch.no_grad():
        for linear, (kernel, bias) in zip([net[0], net[2]], [weights[:2], weights[2:]]):
            linear.weight.copy_(torch.from_numpy(kernel.T.copy()))
            linear.bias.copy_(torch.from_numpy(bias))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    total = 0.0
    for start in range(0, 50, 16):
        xb, yb = torch.from_numpy(x[start:start + 16]), torch.from_numpy(y[start:start + 16])
        loss = torch.nn.functional.cross_entropy(net(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    trained = [p.detach().numpy() for p in net.parameters()]
    expected = [trained[0].T, trained[1], trained[2].T, trained[3]]
    for got, want in zip(model.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert history.history["loss"][0] == pytest.approx(total / 50, rel=1e-5)


def test_history_keys_and_validation_split_takes_the_last_samples():
    x, y = _classification(n=100)
    model = _mlp()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=32, epochs=2, validation_split=0.25, verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(history.history["loss"]) == 2 and history.epoch == [0, 1]
    # learning rate 0: the model never changes, so the logs are exact evaluations
    val_loss, val_accuracy = model.evaluate(x[75:], y[75:], verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(val_loss, rel=1e-6)
    assert history.history["val_accuracy"][-1] == pytest.approx(val_accuracy)
    # the epoch loss is the mean over samples even with an uneven last batch (75 = 32 + 32 + 11)
    assert history.history["loss"][-1] == pytest.approx(model.evaluate(x[:75], y[:75], verbose=0)[0], rel=1e-5)


def test_validation_data_and_evaluate_forms():
    x, y = _classification()
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["acc", "sparse_top_k_categorical_accuracy"])
    history = model.fit(x, y, epochs=1, validation_data=(x[:20], y[:20]), verbose=0)
    assert {"val_loss", "val_acc", "val_sparse_top_k_categorical_accuracy"} <= set(history.history)
    results = model.evaluate(x, y, verbose=0)
    assert isinstance(results, list) and len(results) == 3
    as_dict = model.evaluate(x, y, verbose=0, return_dict=True)
    assert list(as_dict) == ["loss", "acc", "sparse_top_k_categorical_accuracy"]
    assert as_dict["acc"] == pytest.approx(np.mean(model.predict(x, verbose=0).argmax(1) == y))
    plain = _mlp()
    plain.compile("adam", "sparse_categorical_crossentropy")
    assert isinstance(plain.evaluate(x, y, verbose=0), float)


def test_label_formats_like_keras():
    x, y = _classification()
    one_hot = np.eye(3, dtype=np.float32)[y]
    model = _mlp()
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, one_hot, epochs=1, verbose=0)
    assert type(model._metric_objects[0]).__name__ == "CategoricalAccuracy"

    binary = Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="tanh"),
                         layers.Dense(1, activation="sigmoid")])
    binary.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    history = binary.fit(x, (y > 0).astype(int), epochs=1, verbose=0)  # 1-D labels, (n, 1) output
    assert type(binary._metric_objects[0]).__name__ == "BinaryAccuracy"
    assert 0.0 <= history.history["accuracy"][0] <= 1.0


def test_xor_is_learned():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0])
    model = Sequential([layers.Dense(8, input_dim=2, activation="tanh"), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=300, batch_size=4, verbose=0)
    assert model.evaluate(x, y, verbose=0)[1] == 1.0


def test_regularisation_is_part_of_the_loss():
    x, y = _classification()
    model = _mlp(kernel_regularizer=keras.regularizers.L2(0.1))
    model.compile("sgd", "sparse_categorical_crossentropy")
    loss = model.evaluate(x, y, verbose=0, batch_size=len(x))
    data_loss = float(keras.losses.get("sparse_categorical_crossentropy")(y, model(x)).data)
    penalty = 0.1 * np.sum(model.layers[0].get_weights()[0] ** 2)
    assert loss == pytest.approx(data_loss + penalty, rel=1e-5)
    model.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=30, epochs=2, shuffle=False, verbose=0)
    assert history.history["loss"] == pytest.approx([data_loss + penalty] * 2, rel=1e-5)


def test_train_and_test_on_batch():
    x, y = _classification(n=32)
    model = _mlp()
    model.compile(keras.optimizers.SGD(0.5), "sparse_categorical_crossentropy", metrics=["accuracy"])
    before = model.test_on_batch(x, y)
    for _ in range(20):
        model.train_on_batch(x, y)
    after = model.test_on_batch(x, y, return_dict=True)
    assert after["loss"] < before[0]
    np.testing.assert_allclose(model.predict_on_batch(x), model.predict(x, verbose=0), rtol=1e-6)


def test_class_weight_zero_means_no_update():
    x, y = _classification(n=32)
    model = _mlp()
    model.compile("sgd", "sparse_categorical_crossentropy")
    before = model.get_weights()
    model.train_on_batch(x, y, class_weight={0: 0.0, 1: 0.0, 2: 0.0})
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_float64_and_integer_inputs_become_float32_once():
    x, y = _classification()
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x.astype(np.float64), y, epochs=1, verbose=0)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.predict(x.astype(np.float64), verbose=0).dtype == np.float32


def test_early_stopping_callback_stops_the_loop():
    x, y = _classification()
    model = _mlp()
    model.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=0)
    history = model.fit(x, y, epochs=10, callbacks=[stopper], verbose=0)
    assert len(history.history["loss"]) == 2


@pytest.mark.parametrize("call, message", [
    (lambda m, x, y: m.fit(x[:10], y[:9], verbose=0), "x has 10, y has 9"),
    (lambda m, x, y: m.fit(np.where(np.arange(x.size).reshape(x.shape) == 5, np.nan, x), y, verbose=0),
     r"x contains NaN values \(first at sample 1, position \(1,\)\)"),
    (lambda m, x, y: m.fit(np.full_like(x, np.inf), y, verbose=0), "x contains inf"),
    (lambda m, x, y: m.fit(x[:, :3], y, verbose=0), r"expected input shape \(None, 4\), got \(32, 3\)"),
    (lambda m, x, y: m.fit(x, y + 5, verbose=0), r"\[0, 2\]"),
    (lambda m, x, y: m.fit(x, y, batch_size=0, verbose=0), "batch_size"),
    (lambda m, x, y: m.fit(x, y, validation_data=(x, ), verbose=0), "validation_data"),
])
def test_bad_input_is_named(call, message):
    x, y = _classification()
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=message):
        call(model, x, y)


def test_one_sample_without_its_batch_axis_gets_a_hint():
    x, _ = _classification()
    model = _mlp()
    with pytest.raises(ValueError, match=r"expected input shape \(None, 4\), got \(4,\).*x\[None\]"):
        model.predict(x[0], verbose=0)


def test_text_is_refused_by_name():
    x, y = _classification()
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(TypeError, match="must hold numbers"):
        model.fit(np.array(["a"] * len(y)), y, verbose=0)


def test_unknown_names_list_the_known_ones():
    model = _mlp()
    with pytest.raises(ValueError, match="adam"):
        model.compile(optimizer="adamm", loss="mse")
    with pytest.raises(ValueError, match="mean_squared_error"):
        model.compile(optimizer="adam", loss="mean_sqared_error")
    with pytest.raises(ValueError, match="Known names"):
        model.compile(optimizer="adam", loss="mse", metrics=["acuracy"])
    with pytest.raises(RuntimeError, match="compile"):
        _mlp().fit(*_classification(), verbose=0)


def test_nan_loss_stops_training_with_advice_and_keeps_finite_weights():
    x, y = _classification(n=64)
    calls = []

    def unstable_loss(y_true, y_pred):
        calls.append(1)
        error = keras.ops.mean(keras.ops.square(y_pred - y_true))
        return error * (np.float32(np.nan) if len(calls) == 3 else np.float32(1.0))

    model = Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.01), unstable_loss)
    with pytest.warns(RuntimeWarning, match="learning rate"):
        history = model.fit(x, y.astype(np.float32), batch_size=16, epochs=5, verbose=0)
    assert len(calls) == 3
    # the diverged epoch is in the History (loss NaN), so history.history["loss"][-1] works as in Keras
    assert history.epoch == [0] and np.isnan(history.history["loss"][-1])
    assert all(np.isfinite(w).all() for w in model.get_weights())
    assert model.stop_training


def test_divergence_in_the_first_epoch_still_gives_every_history_key():
    x, y = _classification(n=64)
    model = _mlp()
    model.compile(keras.optimizers.SGD(1e30), "sparse_categorical_crossentropy", metrics=["accuracy"])
    with pytest.warns(RuntimeWarning, match="Training stopped"), np.errstate(all="ignore"):
        history = model.fit(x * 1e20, y, batch_size=8, epochs=3, validation_data=(x, y), verbose=0)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(values) == 1 for values in history.history.values())
    assert not np.isfinite(history.history["loss"][0])


def test_predict_works_without_compile_and_in_no_grad():
    x, _ = _classification()
    model = _mlp()
    out = model.predict(x, batch_size=7, verbose=0)
    assert out.shape == (90, 3)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert model(x).requires_grad  # outside predict a graph is recorded (weights need gradients)


def test_same_seed_same_run_bit_for_bit():
    from glassnet.utils import set_random_seed
    x, y = _classification()
    results = []
    for _ in range(2):
        set_random_seed(42)
        model = Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu"), layers.Dropout(0.3),
                            layers.Dense(3, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
        results.append((model.get_weights(), history.history))
    for a, b in zip(results[0][0], results[1][0]):
        np.testing.assert_array_equal(a, b)
    assert results[0][1] == results[1][1]


def test_progress_output_at_verbose_1_and_2(capsys):
    x, y = _classification()
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, verbose=2, validation_split=0.2)
    captured = capsys.readouterr()
    assert "val_accuracy" in captured.out + captured.err
    model.fit(x, y, epochs=1, verbose=1)
    model.evaluate(x, y)
    model.predict(x)
