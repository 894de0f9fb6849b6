"""Every optimizer's arguments: Keras's defaults, the accepted ranges, and configs that round-trip
to equal, complete dicts and to an optimizer that takes the same steps."""
import numpy as np
import pytest

from glassnet import optimizers
from glassnet.autodiff import Tensor
from glassnet.optimizers import SGD, Adagrad, Adam, AdamW, RMSprop

# Keras 3's defaults (keras.io/api/optimizers), apart from the arguments every optimizer shares
KERAS_DEFAULTS = {
    SGD: {"name": "SGD", "learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    Adam: {"name": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7,
           "amsgrad": False},
    AdamW: {"name": "adamw", "learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999,
            "epsilon": 1e-7, "amsgrad": False},
    RMSprop: {"name": "rmsprop", "learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7,
              "centered": False},
    Adagrad: {"name": "adagrad", "learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7},
}
SHARED_DEFAULTS = {"weight_decay": None, "clipnorm": None, "clipvalue": None, "global_clipnorm": None, "use_ema": False,
                   "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
                   "gradient_accumulation_steps": None}

# every argument away from its default, so that a config that forgets or swaps one shows
NON_DEFAULT = {
    SGD: dict(learning_rate=0.05, momentum=0.7, nesterov=True, clipvalue=0.8, name="mine"),
    Adam: dict(learning_rate=0.02, beta_1=0.8, beta_2=0.95, epsilon=1e-4, amsgrad=True, clipnorm=1.5),
    AdamW: dict(learning_rate=0.03, weight_decay=0.1, beta_1=0.7, beta_2=0.9, epsilon=1e-3, global_clipnorm=2.0),
    RMSprop: dict(learning_rate=0.01, rho=0.8, momentum=0.4, epsilon=1e-5, centered=True, weight_decay=0.01),
    Adagrad: dict(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-3, clipvalue=0.5),
}


@pytest.mark.parametrize("cls", list(KERAS_DEFAULTS), ids=lambda c: c.__name__)
def test_defaults_are_keras_defaults(cls):
    config = cls().get_config()
    expected = {**SHARED_DEFAULTS, **KERAS_DEFAULTS[cls]}
    assert config == expected
    for key, value in KERAS_DEFAULTS[cls].items():
        assert getattr(cls(), key) == value


@pytest.mark.parametrize("cls", list(NON_DEFAULT), ids=lambda c: c.__name__)
def test_config_round_trips_to_an_equal_complete_dict(cls):
    kwargs = NON_DEFAULT[cls]
    config = cls(**kwargs).get_config()
    assert isinstance(config, dict) and set(config) == set(SHARED_DEFAULTS) | set(KERAS_DEFAULTS[cls])
    for key, value in kwargs.items():
        assert config[key] == value, key
    again = cls.from_config(config)
    assert type(again) is cls and again.get_config() == config
    through_json = optimizers.deserialize(optimizers.serialize(cls(**kwargs)))
    assert through_json.get_config() == config


@pytest.mark.parametrize("cls", list(NON_DEFAULT), ids=lambda c: c.__name__)
def test_a_rebuilt_optimizer_takes_the_same_steps(cls):
    rng = np.random.default_rng(0)
    start = rng.normal(size=(3, 4))
    grads = [rng.normal(size=(3, 4)) for _ in range(4)]
    results = []
    for optimizer in (cls(**NON_DEFAULT[cls]), cls.from_config(cls(**NON_DEFAULT[cls]).get_config())):
        w = Tensor(start.copy(), requires_grad=True)
        for g in grads:
            optimizer.apply_gradients([(g, w)])
        results.append(w.data)
    np.testing.assert_array_equal(results[0], results[1])
    assert not np.allclose(results[0], start)
    default = Tensor(start.copy(), requires_grad=True)
    plain = cls()
    for g in grads:
        plain.apply_gradients([(g, default)])
    assert not np.allclose(default.data, results[0])        # the arguments changed the steps


@pytest.mark.parametrize("make, argument", [
    (lambda v: SGD(momentum=v), "momentum"),
    (lambda v: RMSprop(momentum=v), "momentum"),
])
def test_momentum_must_lie_in_zero_one(make, argument):
    for accepted in (0.0, 0.5, 1.0):
        assert make(accepted).momentum == accepted
    for refused in (-0.1, 1.1):
        with pytest.raises(ValueError, match=rf"{argument}.*\[0, 1\].*{refused}"):
            make(refused)


@pytest.mark.parametrize("make, argument", [
    (lambda v: Adam(beta_1=v), "beta_1"), (lambda v: Adam(beta_2=v), "beta_2"),
    (lambda v: AdamW(beta_1=v), "beta_1"), (lambda v: AdamW(beta_2=v), "beta_2"),
    (lambda v: RMSprop(rho=v), "rho"),
])
def test_decay_rates_must_lie_in_zero_one_excluded(make, argument):
    for accepted in (0.0, 0.5, 0.999):
        assert getattr(make(accepted), argument) == accepted
    for refused in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError, match=rf"{argument}.*\[0, 1\).*{refused}"):
            make(refused)


@pytest.mark.parametrize("cls, argument", [
    (Adam, "epsilon"), (AdamW, "epsilon"), (RMSprop, "epsilon"), (Adagrad, "epsilon"),
    (Adagrad, "initial_accumulator_value"),
])
def test_nonnegative_arguments(cls, argument):
    assert getattr(cls(**{argument: 0.0}), argument) == 0.0
    with pytest.raises(ValueError, match=rf"{argument}.*-0\.5"):
        cls(**{argument: -0.5})


def test_adamw_decays_the_weights_even_without_gradient():
    w = Tensor(np.full(3, 2.0), requires_grad=True)
    AdamW(learning_rate=0.1).apply_gradients([(np.zeros(3), w)])
    np.testing.assert_allclose(w.data, 2.0 - 0.1 * 0.004 * 2.0)    # W ← W − η·λ·W with the default λ
