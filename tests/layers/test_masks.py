"""Masks travel with tensors: a layer adds a mask to its output, and never takes one away."""
import gc

import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from glassnet.layers.masks import get_mask, masks_of, set_mask, set_masks

PADDED = np.array([[[1.0, 2.0], [3.0, 1.0], [0.0, 0.0], [0.0, 0.0]]], np.float32)   # 2 real steps


def test_a_layer_returning_its_input_leaves_that_tensors_mask_for_the_other_layers_reading_it():
    inputs = keras.Input((4, 2))
    masked = layers.Masking()(inputs)
    beside = layers.Lambda(lambda t: t)(masked)          # returns the very tensor it got, at run time
    placeholder = layers.Identity()(masked)
    recurrent = layers.GRU(3)
    model = keras.Model(inputs, [beside, placeholder, recurrent(masked)])
    out = model(PADDED)
    np.testing.assert_allclose(out[2].numpy(), recurrent(PADDED[:, :2]).numpy(), atol=1e-6)
    assert not np.allclose(recurrent(PADDED).numpy(), recurrent(PADDED[:, :2]).numpy(), atol=1e-4)  # unmasked
    np.testing.assert_array_equal(out[0].numpy(), PADDED)


def test_identity_passes_the_mask_on_as_keras_does():
    masked = layers.Masking()(PADDED)
    out = layers.Identity()(masked)
    np.testing.assert_array_equal(out._keras_mask, [[True, True, False, False]])
    np.testing.assert_array_equal(masked._keras_mask, [[True, True, False, False]])


def test_set_mask_remembers_forgets_and_never_answers_for_another_tensor():
    t = Tensor(np.zeros((1, 3)))
    set_mask(t, [[1, 0, 1]])
    np.testing.assert_array_equal(get_mask(t), [[True, False, True]])
    assert get_mask(t).dtype == bool
    assert get_mask(Tensor(np.zeros((1, 3)))) is None
    set_mask(t, None)
    assert get_mask(t) is None
    set_mask(np.zeros(3), [True, False, True])            # a plain array cannot carry a mask: ignored
    assert get_mask(np.zeros(3)) is None


def test_a_freed_tensor_takes_its_mask_with_it():
    from glassnet.layers import masks
    t = Tensor(np.zeros((1, 2)))
    set_mask(t, [[True, False]])
    key = id(t)
    assert key in masks._MASKS
    del t
    gc.collect()
    assert key not in masks._MASKS


def test_set_masks_gives_each_output_its_own_mask_and_masks_of_reads_them_back():
    a, b = Tensor(np.zeros((1, 2))), Tensor(np.zeros((1, 2)))
    set_masks([a, b], [np.array([[True, False]]), None])
    np.testing.assert_array_equal(get_mask(a), [[True, False]])
    assert get_mask(b) is None
    np.testing.assert_array_equal(masks_of(a), [[True, False]])
    got = masks_of([a, b])
    assert isinstance(got, list) and got[1] is None
    np.testing.assert_array_equal(got[0], [[True, False]])
    assert masks_of([b, Tensor(np.zeros(1))]) is None
    c, d = Tensor(np.zeros((1, 2))), Tensor(np.zeros((1, 2)))
    set_masks([c, d], np.array([[False, True]]))         # one mask for every output
    np.testing.assert_array_equal(get_mask(c), [[False, True]])
    np.testing.assert_array_equal(get_mask(d), [[False, True]])
    set_masks([c], np.array([[True, True]]))               # never replaced: c keeps the mask it has
    np.testing.assert_array_equal(get_mask(c), [[False, True]])


def test_a_masked_decoder_given_initial_states_still_skips_its_padding():
    """The states travel with the recurrent layer's inputs in a graph; the mask is the first input's."""
    enc_in, dec_in = keras.Input((3, 2)), keras.Input((4,))
    encoder, embedding, decoder = layers.GRU(5, return_state=True), layers.Embedding(10, 2, mask_zero=True), \
        layers.GRU(5)
    _, h = encoder(enc_in)
    model = keras.Model([enc_in, dec_in], decoder(embedding(dec_in), initial_state=[h]))
    x_enc = np.random.default_rng(0).normal(size=(1, 3, 2)).astype(np.float32)
    tokens = np.array([[4, 7, 0, 0]])
    _, h_value = encoder(x_enc)
    alone = decoder(embedding(tokens[:, :2]), initial_state=[h_value]).numpy()
    np.testing.assert_allclose(model([x_enc, tokens]).numpy(), alone, atol=1e-6)
    unmasked = decoder(embedding(tokens).numpy(), initial_state=[h_value]).numpy()   # an array: no mask
    assert not np.allclose(unmasked, alone, atol=1e-4)
