"""``trainable`` switched between ``train_on_batch`` calls, as a GAN lecture does.

The discriminator D is compiled on its own and also sits inside a combined model z → G → D.
With ``D.trainable = False`` the combined model must move the generator G only; with
``D.trainable = True`` D's own ``train_on_batch`` must move D (and never G).
"""
import numpy as np

import glassnet as keras
from glassnet import layers


def _gan(seed: int = 0):
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8), layers.LeakyReLU(0.2),
                                  layers.Dense(6, activation="tanh")], name="generator")
    discriminator = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8), layers.LeakyReLU(0.2),
                                      layers.Dense(1, activation="sigmoid")], name="discriminator")
    discriminator.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")
    z = keras.Input(shape=(4,))
    gan = keras.Model(z, discriminator(generator(z)), name="gan")
    gan.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")
    return generator, discriminator, gan


def _snapshot(model) -> list[np.ndarray]:
    return [w.copy() for w in model.get_weights()]


def _moved(before, model) -> list[bool]:
    return [not np.array_equal(b, a) for b, a in zip(before, model.get_weights())]


def _batch(rng, n=16):
    noise = rng.standard_normal((n, 4)).astype(np.float32)
    images = rng.uniform(-1, 1, (n, 6)).astype(np.float32)
    return noise, images


def test_frozen_discriminator_does_not_move_when_the_combined_model_trains():
    generator, discriminator, gan = _gan()
    rng = np.random.default_rng(0)
    discriminator.trainable = False
    d_before, g_before = _snapshot(discriminator), _snapshot(generator)
    losses = []
    for _ in range(20):
        noise, _ = _batch(rng)
        losses.append(gan.train_on_batch(noise, np.ones((len(noise), 1))))
    assert not any(_moved(d_before, discriminator)), "the frozen discriminator changed"
    assert all(_moved(g_before, generator)), "the generator did not learn"
    assert np.mean(losses[-5:]) < np.mean(losses[:5]), "G's loss (fool the fixed D) did not fall"


def test_unfrozen_discriminator_moves_on_its_own_batch_and_leaves_the_generator():
    generator, discriminator, gan = _gan()
    rng = np.random.default_rng(1)
    discriminator.trainable = False
    gan.train_on_batch(_batch(rng)[0], np.ones((16, 1)))       # a frozen step first, as in the loop
    discriminator.trainable = True
    d_before, g_before = _snapshot(discriminator), _snapshot(generator)
    noise, real = _batch(rng)
    fake = generator.predict(noise, verbose=0)
    discriminator.train_on_batch(np.concatenate([real, fake]),
                                 np.concatenate([np.ones((16, 1)), np.zeros((16, 1))]))
    assert all(_moved(d_before, discriminator)), "the discriminator did not learn"
    assert not any(_moved(g_before, generator)), "training D moved G"


def test_alternating_steps_freeze_and_thaw_each_time():
    generator, discriminator, gan = _gan()
    rng = np.random.default_rng(2)
    for _ in range(3):
        noise, real = _batch(rng)
        fake = generator.predict(noise, verbose=0)
        discriminator.trainable = True
        d_before = _snapshot(discriminator)
        discriminator.train_on_batch(np.concatenate([real, fake]),
                                     np.concatenate([np.full((16, 1), 0.9), np.zeros((16, 1))]))
        assert all(_moved(d_before, discriminator))
        discriminator.trainable = False
        d_before, g_before = _snapshot(discriminator), _snapshot(generator)
        gan.train_on_batch(noise, np.ones((16, 1)))
        assert not any(_moved(d_before, discriminator)) and all(_moved(g_before, generator))


def test_without_freezing_the_combined_model_moves_the_discriminator_too():
    """The control: the freezing above is what keeps D still, not something else."""
    generator, discriminator, gan = _gan()
    discriminator.trainable = True
    d_before = _snapshot(discriminator)
    gan.train_on_batch(_batch(np.random.default_rng(3))[0], np.ones((16, 1)))
    assert all(_moved(d_before, discriminator))
