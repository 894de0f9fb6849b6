"""StringLookup and IntegerLookup: Keras's documented examples (vocabulary order, OOV and mask indices,
inverse lookup, multi-hot / count / tf-idf rows), adapt, and saving."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.layers import IntegerLookup, StringLookup

VOCAB = ["a", "b", "c", "d"]


def test_lookup_with_a_given_vocabulary():
    layer = StringLookup(vocabulary=VOCAB)
    np.testing.assert_array_equal(layer([["a", "c", "d"], ["d", "z", "b"]]).numpy(), [[1, 3, 4], [4, 0, 2]])
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "c", "d"] and layer.vocabulary_size() == 5


def test_adapt_orders_by_frequency_then_larger_token_first():
    layer = StringLookup()
    layer.adapt([["a", "c", "d"], ["d", "z", "b"]])
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    small = StringLookup(max_tokens=3)
    small.adapt([["a", "c", "d"], ["d", "z", "b"]])
    assert small.get_vocabulary() == ["[UNK]", "d", "z"]


def test_mask_token_and_several_oov_indices():
    layer = StringLookup(vocabulary=VOCAB, mask_token="", num_oov_indices=2)
    out = layer([["a", "", "z"]]).numpy()
    assert out[0, 0] == 3 and out[0, 1] == 0 and out[0, 2] in (1, 2)
    assert layer.get_vocabulary()[:3] == ["", "[UNK]", "[UNK]"]
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        StringLookup(vocabulary=VOCAB, num_oov_indices=0)([["z"]])


def test_invert_turns_indices_back_into_tokens():
    layer = StringLookup(vocabulary=VOCAB, invert=True)
    assert layer(np.array([[1, 3, 4], [4, 0, 2]])).numpy().tolist() == [["a", "c", "d"], ["d", "[UNK]", "b"]]


def test_multi_hot_count_one_hot_and_tf_idf_rows():
    data = [["a", "c", "d", "d"], ["d", "z", "b", "z"]]
    np.testing.assert_array_equal(StringLookup(vocabulary=VOCAB, output_mode="multi_hot")(data).numpy(),
                                  [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])
    np.testing.assert_array_equal(StringLookup(vocabulary=VOCAB, output_mode="count")(data).numpy(),
                                  [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])
    tf_idf = StringLookup(vocabulary=VOCAB, output_mode="tf_idf", idf_weights=[0.25, 0.75, 0.6, 0.4])
    np.testing.assert_allclose(tf_idf(data).numpy(), [[0, 0.25, 0, 0.6, 0.8], [1.0, 0, 0.75, 0, 0.4]], rtol=1e-6)
    np.testing.assert_array_equal(StringLookup(vocabulary=VOCAB, output_mode="one_hot")(["a", "z"]).numpy(),
                                  [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0]])


def test_integer_lookup_adapt_and_rows():
    layer = IntegerLookup()
    layer.adapt(np.array([12, 36, 1138, 42, 36]))
    assert layer.get_vocabulary() == [-1, 36, 1138, 42, 12]
    np.testing.assert_array_equal(layer(np.array([[12, 1138, 42], [42, 1000, 36]])).numpy(), [[4, 2, 3], [3, 0, 1]])
    hot = IntegerLookup(vocabulary=[12, 36, 1138, 42], output_mode="multi_hot")
    np.testing.assert_array_equal(hot(np.array([[12, 1138, 42, 42], [42, 7, 36, 7]])).numpy(),
                                  [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])


def test_a_lookup_model_trains_and_is_saved_with_its_vocabulary(tmp_path):
    colours = np.array([["red"], ["blue"], ["green"], ["red"], ["blue"], ["red"]] * 8)
    target = (colours[:, 0] == "red").astype("float32")
    lookup = StringLookup(output_mode="one_hot")
    lookup.adapt(colours)
    inp = keras.Input(shape=(1,), dtype="string")
    model = keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(lookup(inp)))
    model.compile(keras.optimizers.Adam(0.1), "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(colours, target, epochs=20, verbose=0).history
    assert history["accuracy"][-1] == 1.0 and history["loss"][-1] < history["loss"][0]
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(again.predict(colours[:3], verbose=0), model.predict(colours[:3], verbose=0))
