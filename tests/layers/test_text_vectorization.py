"""TextVectorization: standardisation, splitting, n-grams, the vocabulary, the four output modes,
an end-to-end text model that trains on raw strings and is saved, and the error of a numeric layer."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.layers import TextVectorization

TEXTS = np.array(["The movie was GREAT, great fun!", "A dull movie.", "great acting; dull plot", "Fun fun fun"])


def test_standardize_split_and_vocabulary():
    layer = TextVectorization()
    layer.adapt(TEXTS)
    vocabulary = layer.get_vocabulary()
    assert vocabulary[:2] == ["", "[UNK]"]
    assert vocabulary[2:5] == ["fun", "great", "movie"] or vocabulary[2] == "fun"    # fun 4 times, great 3
    assert "great," not in vocabulary and "GREAT" not in vocabulary                 # lower case, no punctuation
    assert set(vocabulary[2:]) == {"the", "movie", "was", "great", "fun", "a", "dull", "acting", "plot"}


def test_int_output_pads_and_truncates():
    layer = TextVectorization(vocabulary=["fun", "great", "movie"], output_sequence_length=4)
    np.testing.assert_array_equal(layer(["great movie", "fun unknown fun great movie"]).numpy(),
                                  [[3, 4, 0, 0], [2, 1, 2, 3]])
    ragged = TextVectorization(vocabulary=["fun", "great"])
    assert ragged(["fun", "great fun fun"]).shape == (2, 3)            # padded to the batch's longest


def test_ngrams_character_split_and_max_tokens():
    layer = TextVectorization(ngrams=2, standardize=None)
    layer.adapt(["a b c"])
    assert set(layer.get_vocabulary()[2:]) == {"a", "b", "c", "a b", "b c"}
    chars = TextVectorization(split="character", standardize="lower", max_tokens=4)
    chars.adapt(["aaAb", "ab"])
    assert chars.get_vocabulary() == ["", "[UNK]", "a", "b"]


def test_multi_hot_count_and_tf_idf_modes():
    count = TextVectorization(output_mode="count", vocabulary=["fun", "great", "dull"])
    np.testing.assert_array_equal(count(["fun fun great", "boring"]).numpy(), [[0, 2, 1, 0], [1, 0, 0, 0]])
    hot = TextVectorization(output_mode="multi_hot", vocabulary=["fun", "great", "dull"], pad_to_max_tokens=True,
                            max_tokens=6)
    np.testing.assert_array_equal(hot(["fun fun great"]).numpy(), [[0, 1, 1, 0, 0, 0]])
    tf_idf = TextVectorization(output_mode="tf_idf")
    tf_idf.adapt(TEXTS)
    vocabulary, rows = tf_idf.get_vocabulary(), tf_idf(["fun fun plot"]).numpy()
    fun, plot = vocabulary.index("fun"), vocabulary.index("plot")
    assert rows[0, fun] == pytest.approx(2 * np.log(1 + 4 / (1 + 2)))   # fun is in 2 of the 4 texts
    assert rows[0, plot] == pytest.approx(np.log(1 + 4 / (1 + 1)))


def test_end_to_end_model_on_raw_strings_trains_and_is_saved(tmp_path):
    rng = np.random.default_rng(0)
    good, bad = ["good", "great", "fun", "lovely"], ["bad", "dull", "awful", "boring"]
    texts = np.array([" ".join(rng.choice(good if i % 2 else bad, 3)) + " movie" for i in range(80)])
    labels = (np.arange(80) % 2).astype("float32")
    vectorize = TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(texts)
    inp = keras.Input(shape=(1,), dtype="string")
    x = keras.layers.Embedding(20, 8)(vectorize(inp))
    out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.GlobalAveragePooling1D()(x))
    model = keras.Model(inp, out)
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(texts[:, None], labels, epochs=15, verbose=0).history
    assert history["accuracy"][-1] > 0.95
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    probe = np.array([["lovely fun movie"], ["awful dull movie"]])
    np.testing.assert_allclose(again.predict(probe, verbose=0), model.predict(probe, verbose=0), rtol=1e-6)
    assert again.predict(probe, verbose=0)[0, 0] > 0.5 > again.predict(probe, verbose=0)[1, 0]


def test_a_numeric_layer_given_text_says_so():
    with pytest.raises(TypeError, match="must hold numbers.*TextVectorization"):
        keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]).predict(np.array([["a", "b"]]), verbose=0)
    with pytest.raises(TypeError, match="got text.*TextVectorization"):
        keras.layers.Dense(1)(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="call adapt"):
        TextVectorization()(["no vocabulary yet"])
