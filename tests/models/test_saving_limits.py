"""A model file cannot make us allocate more than its architecture needs, nor leave orphans.

Each hostile file here is a few kilobytes; loading it must fail with a ValueError naming the
file (and the layer, where there is one) after allocating almost nothing.
"""
import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential, archive, load_model

ROOT = Path(__file__).resolve().parents[2]
SMALL = 50 * 2 ** 20  # what a refused load may allocate at most


def saved_model(tmp_path, name="m.keras"):
    model = Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="relu"), layers.Dense(2)])
    model.compile("adam", "mse")
    path = tmp_path / name
    model.save(path)
    return model, path


def rewrite(path, transform, duplicate=None):
    with zipfile.ZipFile(path) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    config = transform(json.loads(entries["config.json"]))
    entries["config.json"] = config if isinstance(config, bytes) else json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
        if duplicate:
            with pytest.warns(UserWarning, match="Duplicate"):
                z.writestr(duplicate, entries[duplicate])


def refused_cheaply(path, match, **kwargs):
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=match) as error:
            load_model(path, **kwargs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(path) in str(error.value)
    assert peak < SMALL, f"refusing {path.name} allocated {peak / 2 ** 20:.0f} MB"
    return str(error.value)


def test_an_architecture_of_20000_by_20000_is_refused_before_allocation(tmp_path):
    _, path = saved_model(tmp_path)

    def huge(meta):
        config = meta["model"]["config"]
        for spec in config["layers"]:
            if spec.get("class_name") == "Dense":
                spec["config"]["units"] = 20_000
            if spec.get("class_name") == "InputLayer":
                spec["config"]["batch_shape"] = [None, 20_000]
                spec["config"].pop("shape", None)
        config["build_input_shape"] = [None, 20_000]
        meta["model"]["build_input_shape"] = [[None, 20_000]]
        return meta
    rewrite(path, huge)
    message = refused_cheaply(path, "limit")
    assert "dense" in message and "(20000, 20000)" in message and "max_bytes" in message


def test_the_limit_is_settable(tmp_path, monkeypatch):
    model, path = saved_model(tmp_path)
    refused_cheaply(path, "limit", max_bytes=64)
    monkeypatch.setenv("GLASSNET_MAX_MODEL_BYTES", "64")
    refused_cheaply(path, "limit")
    monkeypatch.delenv("GLASSNET_MAX_MODEL_BYTES")
    assert load_model(path).count_params() == model.count_params()


def test_an_array_declared_to_inflate_to_gigabytes_is_refused_unread(tmp_path):
    _, path = saved_model(tmp_path)

    def inflate(meta):
        meta["arrays"]["weights"][0]["shape"] = [20_000, 20_000]
        return meta
    rewrite(path, inflate)
    refused_cheaply(path, "declared|limit")

    def absurd(meta):
        meta["arrays"]["weights"][0]["shape"] = [2 ** 62, 2 ** 62]  # overflows int64: must not wrap to 0
        return meta
    rewrite(path, absurd)
    refused_cheaply(path, "limit")


def test_one_entry_listed_thousands_of_times_is_refused(tmp_path):
    _, path = saved_model(tmp_path)

    def repeat(meta):
        meta["arrays"]["weights"] = [meta["arrays"]["weights"][0]] * 5000
        return meta
    rewrite(path, repeat)
    refused_cheaply(path, "more than once")
    _, path = saved_model(tmp_path, "dup.keras")
    rewrite(path, lambda meta: meta, duplicate="weights/0000.npy")
    refused_cheaply(path, "more than once")


@pytest.mark.parametrize("config_json, match", [
    (b"[" * 200_000 + b"]" * 200_000, "nested too deeply|not valid JSON"),
    (b'{"format": "glassnet.model", "n": ' + b"9" * 100_000 + b"}", "not valid JSON"),
    (b'{"format": "glassnet.mo', "not valid JSON"),
])
def test_deep_nesting_huge_numbers_and_truncation_are_clear_errors(tmp_path, config_json, match):
    _, path = saved_model(tmp_path)
    rewrite(path, lambda meta: config_json)
    refused_cheaply(path, match)


def test_huge_numbers_in_the_architecture_are_clear_errors(tmp_path):
    _, path = saved_model(tmp_path)

    def enormous(meta):
        for spec in meta["model"]["config"]["layers"]:
            if spec.get("class_name") == "Dense":
                spec["config"]["units"] = 10 ** 30
        return meta
    rewrite(path, enormous)
    refused_cheaply(path, "Cannot load")

    def enormous_input(meta):
        meta["model"]["build_input_shape"] = [[None, 10 ** 12]]
        meta["model"]["config"]["build_input_shape"] = [None, 10 ** 12]
        return meta
    _, path = saved_model(tmp_path, "input.keras")
    rewrite(path, enormous_input)
    refused_cheaply(path, "Cannot load")


def test_a_truncated_array_header_is_a_clear_error(tmp_path):
    _, path = saved_model(tmp_path)
    with zipfile.ZipFile(path) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    entries["weights/0000.npy"] = entries["weights/0000.npy"][:20]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    with pytest.raises(ValueError, match="not a plain numeric .npy array|damaged"):
        load_model(path)


def test_weights_that_are_not_finite_warn_on_load(tmp_path):
    model, path = saved_model(tmp_path)
    with zipfile.ZipFile(path) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    import io
    kernel = np.full((4, 6), np.nan, np.float32)
    buffer = io.BytesIO()
    np.save(buffer, kernel)
    entries["weights/0000.npy"] = buffer.getvalue()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    with pytest.warns(UserWarning, match="NaN or infinite"):
        load_model(path)


def test_a_killed_save_leaves_no_orphan_after_the_next_save_or_load(tmp_path):
    model, path = saved_model(tmp_path)
    orphan = tmp_path / f".{path.name}.killed.tmp"
    orphan.write_bytes(b"half a model")
    load_model(path)
    assert not orphan.exists()
    orphan.write_bytes(b"half a model")
    model.save(path)
    assert not orphan.exists()


def test_a_save_in_progress_is_not_removed(tmp_path):
    _, path = saved_model(tmp_path)
    busy = tmp_path / f".{path.name}.busy.tmp"
    with open(busy, "wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        assert archive.remove_stale_temporaries(path) == []
        assert busy.exists()
    assert archive.remove_stale_temporaries(path) == [str(busy)]


@pytest.mark.slow
def test_kill_9_during_saves_leaves_no_temporary_files_for_good(tmp_path):
    path = tmp_path / "big.keras"
    script = textwrap.dedent(f"""
        import numpy as np, glassnet as keras
        from glassnet import layers
        model = keras.Sequential([keras.Input(shape=(2000,)), layers.Dense(2000)])
        print("ready", flush=True)
        while True:
            model.save({str(path)!r})
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    rng = np.random.default_rng(0)
    for trial in range(5):
        writer = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.3 * rng.random())
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    keras.Sequential([keras.Input(shape=(2000,)), layers.Dense(2000)]).save(path)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert load_model(path).count_params() == 2000 * 2000 + 2000


def _array_bytes(path):
    groups = archive.read_meta(str(path))["arrays"].values()
    return sum(int(np.prod(spec["shape"])) * np.dtype(spec["dtype"]).itemsize for group in groups for spec in group)


def test_load_weights_bounds_the_whole_file_by_twice_the_limit(tmp_path, monkeypatch):
    # a file may hold the weights and an optimizer's state: its declared arrays may reach 2 × max_bytes
    model, path = saved_model(tmp_path)
    total = _array_bytes(path)
    other = Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="relu"), layers.Dense(2)])
    monkeypatch.setenv("GLASSNET_MAX_MODEL_BYTES", str(-(-total // 2)))
    other.load_weights(path)
    np.testing.assert_array_equal(other.layers[0].kernel.data, model.layers[0].kernel.data)
    with pytest.raises(ValueError, match="m.keras"):
        monkeypatch.setenv("GLASSNET_MAX_MODEL_BYTES", str(-(-total // 3)))   # 2 × that < total
        other.load_weights(path)


@pytest.mark.parametrize("shape", [[None] + [1] * 32, [None, -4]])
def test_input_shapes_of_33_dimensions_or_negative_sizes_are_malformed(tmp_path, shape):
    _, path = saved_model(tmp_path)

    def odd_input(meta):
        meta["model"]["build_input_shape"] = [shape]
        return meta
    rewrite(path, odd_input)
    unbuilt = Sequential([layers.Dense(6, activation="relu"), layers.Dense(2)])
    with pytest.raises(ValueError, match="malformed input shapes"):
        unbuilt.load_weights(path)
