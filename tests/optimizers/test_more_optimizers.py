"""Nadam, Adamax, Adadelta and Lion: each against torch.optim (float64) where PyTorch has the same rule,
against its Keras formula by hand otherwise, and through a real fit."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import optimizers
from glassnet.autodiff import Tensor
from glassnet.optimizers import Adadelta, Adamax, Lion, Nadam

SHAPES = [(4, 3), (3,)]
STEPS = 7


def _grads(steps=STEPS, seed=0):
    rng = np.random.default_rng(seed)
    return [[rng.normal(size=s) for s in SHAPES] for _ in range(steps)]


def _init():
    rng = np.random.default_rng(1)
    return [rng.normal(size=s) for s in SHAPES]


def _run(opt, grads_seq):
    weights = [Tensor(w.copy(), requires_grad=True) for w in _init()]
    for grads in grads_seq:
        opt.apply_gradients(zip(grads, weights))
    return [w.data for w in weights]


def _run_torch(name, kwargs, grads_seq):
    torch = pytest.importorskip("torch")
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)     # NAdam keeps its momentum product in the default dtype
    try:
        params = [torch.tensor(w.copy(), dtype=torch.float64, requires_grad=True) for w in _init()]
        opt = getattr(torch.optim, name)(params, **kwargs)
        for grads in grads_seq:
            for p, g in zip(params, grads):
                p.grad = torch.tensor(g)
            opt.step()
    finally:
        torch.set_default_dtype(default)
    return [p.detach().numpy() for p in params]


CASES = {
    # Keras 3's momentum schedule 0.96ᵗ is PyTorch's with momentum_decay = 1 (see nadam.py)
    "nadam": (lambda: Nadam(0.01), "NAdam", {"lr": 0.01, "eps": 1e-7, "momentum_decay": 1.0}),
    "nadam_betas": (lambda: Nadam(0.02, beta_1=0.8, beta_2=0.99, epsilon=1e-5), "NAdam",
                    {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-5, "momentum_decay": 1.0}),
    # ε = 0 on both sides: Keras adds ε to u, PyTorch to |g| inside the max (see adamax.py)
    "adamax": (lambda: Adamax(0.01, epsilon=0.0), "Adamax", {"lr": 0.01, "eps": 0.0}),
    "adadelta": (lambda: Adadelta(0.5, rho=0.9, epsilon=1e-6), "Adadelta", {"lr": 0.5, "rho": 0.9, "eps": 1e-6}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_torch_float64(case):
    make, torch_name, kwargs = CASES[case]
    grads = _grads()
    for ours, theirs in zip(_run(make(), grads), _run_torch(torch_name, kwargs, grads)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_lion_moves_every_weight_by_the_learning_rate_in_the_interpolated_direction():
    grads = _grads(steps=3)
    w, m = [a.copy() for a in _init()], [np.zeros(s) for s in SHAPES]
    for step in grads:                      # Keras's formula, written out
        for k, g in enumerate(step):
            w[k] -= 0.05 * np.sign(0.9 * m[k] + 0.1 * g)
            m[k] = 0.99 * m[k] + 0.01 * g
    for ours, expected in zip(_run(Lion(0.05), grads), w):
        np.testing.assert_allclose(ours, expected, rtol=1e-12)


def test_adamax_epsilon_sits_next_to_the_running_maximum():
    g = np.array([0.5, -2.0])
    w = Tensor(np.zeros(2), requires_grad=True)
    Adamax(0.1, epsilon=0.25).apply_gradients([(g, w)])
    m, u = 0.1 * g, np.abs(g)
    np.testing.assert_allclose(w.data, -0.1 / 0.1 * m / (u + 0.25))


def test_nadam_resumes_exactly_after_saving_its_state():
    grads = _grads(steps=6)
    full = _run(Nadam(0.01), grads)
    weights = [Tensor(w.copy(), requires_grad=True) for w in _init()]
    opt = Nadam(0.01)
    for g in grads[:3]:
        opt.apply_gradients(zip(g, weights))
    store = {}
    opt.save_own_variables(store)
    resumed = optimizers.deserialize(optimizers.serialize(opt))
    resumed.iterations = opt.iterations
    resumed.load_own_variables(store, weights)
    for g in grads[3:]:
        resumed.apply_gradients(zip(g, weights))
    for a, b in zip(full, weights):
        np.testing.assert_allclose(b.data, a, rtol=1e-12)


@pytest.mark.parametrize("name", ["nadam", "adamax", "adadelta", "lion"])
def test_found_by_name_and_trains_a_network(name):
    opt = optimizers.get(name)
    assert type(opt).__name__.lower() == name
    assert optimizers.deserialize(optimizers.serialize(opt)).get_config() == opt.get_config()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 2)).astype("float32")
    y = (x[:, :1] * 2 - x[:, 1:] + 0.5).astype("float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)])
    lr = {"adadelta": 1.0, "lion": 0.003}.get(name, 0.01)
    model.compile(type(opt)(learning_rate=lr), "mse")
    history = model.fit(x, y, epochs=15, batch_size=32, verbose=0).history["loss"]
    assert history[-1] < 0.5 * history[0]


def _torch_schedule(make_scheduler, steps, lr=0.1):
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = make_scheduler(torch.optim.lr_scheduler, opt)
    rates = []
    for _ in range(steps):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(rates)


def test_cosine_decay_equals_pytorchs_cosine_annealing_then_stays_at_alpha():
    schedule = optimizers.schedules.CosineDecay(0.1, decay_steps=20, alpha=0.1)
    ours = np.array([schedule(t) for t in range(21)])
    theirs = _torch_schedule(lambda s, o: s.CosineAnnealingLR(o, T_max=20, eta_min=0.01), 21)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)
    assert schedule(500) == pytest.approx(0.01)


def test_cosine_decay_warms_up_linearly_to_its_target_first():
    schedule = optimizers.schedules.CosineDecay(0.0, decay_steps=10, warmup_target=0.2, warmup_steps=4)
    np.testing.assert_allclose([schedule(t) for t in range(5)], [0, 0.05, 0.1, 0.15, 0.2])
    assert schedule(9) == pytest.approx(0.2 * 0.5 * (1 + np.cos(np.pi * 0.5)))
    assert schedule(100) == pytest.approx(0.0)


def test_cosine_decay_restarts_equals_pytorchs_warm_restarts():
    schedule = optimizers.schedules.CosineDecayRestarts(0.1, first_decay_steps=5, t_mul=2.0)
    theirs = _torch_schedule(lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2), 40)
    np.testing.assert_allclose([schedule(t) for t in range(40)], theirs, rtol=1e-9, atol=1e-15)
    damped = optimizers.schedules.CosineDecayRestarts(0.1, 5, t_mul=1.0, m_mul=0.5)
    assert damped(5) == pytest.approx(0.05) and damped(10) == pytest.approx(0.025)


def test_polynomial_decay_equals_pytorchs_and_keeps_its_end_value():
    schedule = optimizers.schedules.PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0, power=2.0)
    theirs = _torch_schedule(lambda s, o: s.PolynomialLR(o, total_iters=10, power=2.0), 15)
    np.testing.assert_allclose([schedule(t) for t in range(15)], theirs, rtol=1e-9, atol=1e-15)
    cyclic = optimizers.schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.01, cycle=True)
    assert cyclic(15) == pytest.approx((0.1 - 0.01) * (1 - 15 / 20) + 0.01)
    assert optimizers.schedules.PolynomialDecay(0.1, 10)(99) == pytest.approx(0.0001)


@pytest.mark.parametrize("schedule", [
    optimizers.schedules.PolynomialDecay(0.1, 10, power=0.5, cycle=True),
    optimizers.schedules.CosineDecay(0.1, 10, alpha=0.2, warmup_target=0.3, warmup_steps=3),
    optimizers.schedules.CosineDecayRestarts(0.1, 7, t_mul=1.5, m_mul=0.9, alpha=0.05),
], ids=lambda s: type(s).__name__)
def test_new_schedules_survive_serialization_inside_an_optimizer(schedule):
    opt = Nadam(schedule)
    again = optimizers.deserialize(optimizers.serialize(opt))
    assert again.get_config() == opt.get_config()
    assert [again.learning_rate for _ in range(1)] == [schedule(0)]
