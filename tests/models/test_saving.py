"""Model files: round trips, atomic writes, and safe, clear refusal of damaged or foreign files."""
import io
import json
import os
import pickle
import zipfile

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential, clone_model, load_model, register_model_class


def _trained_sequential():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    model = Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="relu"),
                        layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, verbose=0)
    return model, x, y


@pytest.mark.parametrize("filename", ["model.keras", "model.glassnet", "no_suffix"])
def test_sequential_roundtrip_any_name(tmp_path, filename):
    model, x, y = _trained_sequential()
    path = tmp_path / filename
    model.save(path)
    loaded = load_model(path)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    # compiled again, with the optimizer state: the next step is the same as the original's
    assert loaded.optimizer.iterations == model.optimizer.iterations
    loaded.train_on_batch(x, y)
    model.train_on_batch(x, y)
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert loaded.evaluate(x, y, verbose=0, return_dict=True).keys() == {"loss", "accuracy"}


def test_file_holds_json_and_plain_npy(tmp_path):
    model, _, _ = _trained_sequential()
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        config = json.loads(archive.read("config.json"))
        assert config["model"]["class_name"] == "Sequential"
        for spec in config["arrays"]["weights"]:
            array = np.load(io.BytesIO(archive.read(spec["entry"])), allow_pickle=False)
            assert list(array.shape) == spec["shape"]


def test_functional_roundtrip(tmp_path):
    inputs = keras.Input(shape=(3,))
    a = layers.Dense(4, activation="tanh")(inputs)
    b = layers.Dense(4)(inputs)
    model = keras.Model(inputs, layers.Dense(1)(layers.Concatenate()([a, layers.Add()([a, b])])))
    model.save(tmp_path / "f.keras")
    loaded = keras.models.load_model(tmp_path / "f.keras")
    x = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert not loaded.compiled


class Tiny(keras.Model):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)

    def get_config(self):
        return {"units": self.units, "name": self.name}


class Wide(keras.Model):
    """A subclassed model with constructor arguments and no get_config (as most tutorials write it)."""

    def __init__(self, units=3):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)


def test_subclassed_model_without_get_config_keeps_its_plain_arguments(tmp_path):
    model = Wide(units=5)
    x = np.ones((2, 4), np.float32)
    model(x)
    with pytest.warns(UserWarning, match="custom_objects"):
        model.save(tmp_path / "w.keras")
    loaded = load_model(tmp_path / "w.keras", custom_objects={"Wide": Wide})
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_subclassed_model_needs_its_class(tmp_path):
    model = Tiny(units=5)
    x = np.ones((2, 4), np.float32)
    model(x)
    with pytest.warns(UserWarning, match="custom_objects"):
        model.save(tmp_path / "t.keras")
    with pytest.raises(ValueError, match="subclassed model 'Tiny'.*custom_objects"):
        load_model(tmp_path / "t.keras")
    loaded = load_model(tmp_path / "t.keras", custom_objects={"Tiny": Tiny})
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    register_model_class(Tiny)
    assert load_model(tmp_path / "t.keras").units == 5
    fresh = Tiny(units=5)
    fresh.load_weights(tmp_path / "t.keras")
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


def test_weights_only_files(tmp_path):
    model, x, _ = _trained_sequential()
    model.save_weights(tmp_path / "w.weights")
    other = Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="relu"),
                        layers.Dense(2, activation="softmax")])
    other.load_weights(tmp_path / "w.weights")
    np.testing.assert_array_equal(other.predict(x, verbose=0), model.predict(x, verbose=0))
    with pytest.raises(ValueError, match="only weights"):
        load_model(tmp_path / "w.weights")
    wrong = Sequential([keras.Input(shape=(4,)), layers.Dense(5), layers.Dense(2)])
    with pytest.raises(ValueError, match="same architecture"):
        wrong.load_weights(tmp_path / "w.weights")


def test_save_is_atomic(tmp_path, monkeypatch):
    model, x, _ = _trained_sequential()
    path = tmp_path / "m.keras"
    model.save(path)
    original = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(np.lib.format, "write_array", broken)
    with pytest.raises(OSError, match="disk full"):
        model.save(path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["m.keras"]  # no temporary file left behind


def test_nan_weights_are_never_saved(tmp_path):
    model, _, _ = _trained_sequential()
    path = tmp_path / "m.keras"
    model.save(path)
    original = path.read_bytes()
    model.layers[0].kernel.data[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        model.save(path)
    assert path.read_bytes() == original


def test_overwrite_false(tmp_path):
    model, _, _ = _trained_sequential()
    model.save(tmp_path / "m.keras")
    with pytest.raises(FileExistsError):
        model.save(tmp_path / "m.keras", overwrite=False)


def _rewrite(path, transform):
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries = transform(entries)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def test_damaged_truncated_and_foreign_files(tmp_path):
    model, _, _ = _trained_sequential()
    good = tmp_path / "good.keras"
    model.save(good)
    data = good.read_bytes()

    truncated = tmp_path / "truncated.keras"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated.keras.*(damaged|truncated)"):
        load_model(truncated)

    corrupted = tmp_path / "corrupted.keras"
    flipped = bytearray(data)
    start = data.index(b"\x93NUMPY") + 200
    flipped[start:start + 4] = b"\xff\xff\xff\xff"
    corrupted.write_bytes(bytes(flipped))
    with pytest.raises(ValueError, match="corrupted.keras"):
        load_model(corrupted)

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match="notes.txt.*not a glassnet model"):
        load_model(text)

    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.md", "not a model")
    with pytest.raises(ValueError, match="no config.json"):
        load_model(other_zip)

    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.keras")


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > pwned.txt",))


def test_pickled_payloads_are_refused_and_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    model, _, _ = _trained_sequential()
    path = tmp_path / "evil.keras"
    model.save(path)

    def inject_object_array(entries):
        buffer = io.BytesIO()
        np.save(buffer, np.array([_Boom()], dtype=object), allow_pickle=True)
        entries["weights/0000.npy"] = buffer.getvalue()
        return entries
    _rewrite(path, inject_object_array)
    with pytest.raises(ValueError, match="evil.keras"):
        load_model(path)
    assert not (tmp_path / "pwned.txt").exists()

    raw_pickle = tmp_path / "model.pkl"
    raw_pickle.write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(ValueError, match="pickle"):
        load_model(raw_pickle)
    assert not (tmp_path / "pwned.txt").exists()


def test_declared_shapes_are_enforced(tmp_path):
    model, _, _ = _trained_sequential()
    path = tmp_path / "m.keras"
    model.save(path)

    def lie_about_shape(entries):
        config = json.loads(entries["config.json"])
        config["arrays"]["weights"][0]["shape"] = [1, 1]
        entries["config.json"] = json.dumps(config).encode()
        return entries
    _rewrite(path, lie_about_shape)
    with pytest.raises(ValueError, match="larger than its declared shape|holds|is declared"):
        load_model(path)


def test_unknown_layer_class_is_not_imported(tmp_path):
    model, _, _ = _trained_sequential()
    path = tmp_path / "m.keras"
    model.save(path)

    def rename_class(entries):
        config = json.loads(entries["config.json"])
        config["model"]["config"]["layers"][0]["class_name"] = "os.system"
        entries["config.json"] = json.dumps(config).encode()
        return entries
    _rewrite(path, rename_class)
    with pytest.raises(ValueError, match="unknown layer class 'os.system'"):
        load_model(path)


def test_newer_format_version_is_refused(tmp_path):
    model, _, _ = _trained_sequential()
    path = tmp_path / "m.keras"
    model.save(path)

    def bump(entries):
        config = json.loads(entries["config.json"])
        config["format_version"] = 99
        entries["config.json"] = json.dumps(config).encode()
        return entries
    _rewrite(path, bump)
    with pytest.raises(ValueError, match="version 99"):
        load_model(path)


def test_clone_model_has_fresh_weights():
    model, x, _ = _trained_sequential()
    clone = clone_model(model)
    assert [w.shape for w in clone.get_weights()] == [w.shape for w in model.get_weights()]
    assert not np.allclose(clone.get_weights()[0], model.get_weights()[0])
    assert clone.predict(x, verbose=0).shape == (40, 2)
