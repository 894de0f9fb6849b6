"""Tests for glassnet/optimizers/: each rule against torch.optim (float64) and its Keras formula."""
import math

import numpy as np
import pytest

from glassnet import optimizers
from glassnet.autodiff import Tensor
from glassnet.optimizers import SGD, Adagrad, Adam, AdamW, RMSprop, schedules

STEPS = 6


def _gradient_sequence(shapes, steps=STEPS, seed=0):
    rng = np.random.default_rng(seed)
    return [[rng.normal(size=s) for s in shapes] for _ in range(steps)]


def _run_glassnet(opt, init, grads_seq, use_step=False):
    weights = [Tensor(w.copy(), requires_grad=True) for w in init]
    for grads in grads_seq:
        if use_step:
            for w, g in zip(weights, grads):
                w.grad = g
            opt.step(weights)
        else:
            opt.apply_gradients(zip(grads, weights))
    return [w.data for w in weights]


def _run_torch(torch_opt_cls, kwargs, init, grads_seq):
    torch = pytest.importorskip("torch")
    params = [torch.tensor(w.copy(), dtype=torch.float64, requires_grad=True) for w in init]
    opt = torch_opt_cls(params, **kwargs)
    for grads in grads_seq:
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g)
        opt.step()
    return [p.detach().numpy() for p in params]


SHAPES = [(4, 3), (3,)]


def _init():
    rng = np.random.default_rng(1)
    return [rng.normal(size=s) for s in SHAPES]


# glassnet optimizer (Keras formula) vs torch.optim with settings that make them equal.
CASES = {
    "sgd": (lambda: SGD(0.1), "SGD", {"lr": 0.1}),
    "sgd_momentum": (lambda: SGD(0.05, momentum=0.9), "SGD", {"lr": 0.05, "momentum": 0.9}),
    "sgd_nesterov": (lambda: SGD(0.05, momentum=0.9, nesterov=True), "SGD",
                     {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    # ε = 0 on both sides: Keras adds ε to √v, torch to √v̂ (see adam.py)
    "adam": (lambda: Adam(0.01, epsilon=0.0), "Adam", {"lr": 0.01, "eps": 0.0}),
    "adam_betas": (lambda: Adam(0.02, beta_1=0.8, beta_2=0.99, epsilon=0.0), "Adam",
                   {"lr": 0.02, "betas": (0.8, 0.99), "eps": 0.0}),
    "adam_amsgrad": (lambda: Adam(0.01, epsilon=0.0, amsgrad=True), "Adam",
                     {"lr": 0.01, "eps": 0.0, "amsgrad": True}),
    "adamw": (lambda: AdamW(0.01, weight_decay=0.1, epsilon=0.0), "AdamW",
              {"lr": 0.01, "eps": 0.0, "weight_decay": 0.1}),
    # torch: ε outside the root and ρ = 0.99 by default (see rmsprop.py)
    "rmsprop": (lambda: RMSprop(0.01, rho=0.9, epsilon=0.0), "RMSprop",
                {"lr": 0.01, "alpha": 0.9, "eps": 0.0}),
    "rmsprop_momentum": (lambda: RMSprop(0.01, rho=0.9, momentum=0.5, epsilon=0.0), "RMSprop",
                         {"lr": 0.01, "alpha": 0.9, "eps": 0.0, "momentum": 0.5}),
    "rmsprop_centered": (lambda: RMSprop(0.01, rho=0.9, centered=True, epsilon=0.0), "RMSprop",
                         {"lr": 0.01, "alpha": 0.9, "eps": 0.0, "centered": True}),
    # torch: accumulator starts at 0 by default, ε outside the root (see adagrad.py)
    "adagrad": (lambda: Adagrad(0.1, epsilon=0.0), "Adagrad",
                {"lr": 0.1, "initial_accumulator_value": 0.1, "eps": 0.0}),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("use_step", [False, True])
def test_matches_torch_float64(case, use_step):
    torch = pytest.importorskip("torch")
    make, torch_name, kwargs = CASES[case]
    grads = _gradient_sequence(SHAPES)
    ours = _run_glassnet(make(), _init(), grads, use_step=use_step)
    theirs = _run_torch(getattr(torch.optim, torch_name), kwargs, _init(), grads)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def _adam_keras_reference(w, grads_seq, lr, b1, b2, eps):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t, g in enumerate(grads_seq, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        w = w - alpha * m / (np.sqrt(v) + eps)
    return w


def test_adam_with_epsilon_follows_the_keras_formula():
    grads = [g[0] * 1e-4 for g in _gradient_sequence([(5,)])]  # small g: ε matters
    w0 = np.linspace(-1, 1, 5)
    ours = _run_glassnet(Adam(0.01, epsilon=1e-5), [w0], [[g] for g in grads])[0]
    np.testing.assert_allclose(ours, _adam_keras_reference(w0, grads, 0.01, 0.9, 0.999, 1e-5),
                               rtol=1e-12)


def test_rmsprop_and_adagrad_put_epsilon_inside_the_root():
    g = np.array([0.0, 1e-3])
    w = Tensor(np.zeros(2), requires_grad=True)
    RMSprop(1.0, rho=0.5, epsilon=1e-4).apply_gradients([(g, w)])
    np.testing.assert_allclose(w.data, -g / np.sqrt(0.5 * g ** 2 + 1e-4))
    w = Tensor(np.zeros(2), requires_grad=True)
    Adagrad(1.0, epsilon=1e-4).apply_gradients([(g, w)])
    np.testing.assert_allclose(w.data, -g / np.sqrt(0.1 + g ** 2 + 1e-4))


def test_keras_defaults_and_names():
    assert (SGD().learning_rate, SGD().momentum, SGD().nesterov) == (0.01, 0.0, False)
    adam = Adam()
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (0.001, 0.9, 0.999, 1e-7)
    assert (RMSprop().learning_rate, RMSprop().rho, RMSprop().epsilon) == (0.001, 0.9, 1e-7)
    assert (Adagrad().learning_rate, Adagrad().initial_accumulator_value) == (0.001, 0.1)
    for name, cls in [("sgd", SGD), ("adam", Adam), ("rmsprop", RMSprop), ("adagrad", Adagrad),
                      ("Adam", Adam), ("adamw", AdamW)]:
        assert type(optimizers.get(name)) is cls
    with pytest.raises(ValueError, match="adam"):
        optimizers.get("adma")
    opt = Adam()
    assert optimizers.get(opt) is opt


def test_updates_in_place_keep_float32_and_identity():
    w = Tensor(np.ones((3, 2), dtype=np.float32), requires_grad=True)
    data = w.data
    for opt in [SGD(0.1), SGD(0.1, momentum=0.9, nesterov=True), Adam(), RMSprop(momentum=0.5),
                Adagrad()]:
        opt.apply_gradients([(np.full((3, 2), 0.5, dtype=np.float64), w)])
        opt.apply_gradients([(np.full((3, 2), 0.5, dtype=np.float32), w)])
        assert w.data is data and w.data.dtype == np.float32
        assert all(v.dtype == np.float32 for v in opt.variables)
    assert np.all(w.data < 1)


def test_variables_are_the_state_only():
    w = Tensor(np.ones((3, 2), dtype=np.float32), requires_grad=True)
    expected = {SGD(): 0, SGD(momentum=0.9): 1, Adam(): 2, Adam(amsgrad=True): 3,
                RMSprop(): 1, RMSprop(momentum=0.5, centered=True): 3, Adagrad(): 1}
    for opt, count in expected.items():
        opt.apply_gradients([(np.ones((3, 2), dtype=np.float32), w)])
        assert len(opt.variables) == count, type(opt).__name__


def test_step_skips_weights_without_gradient_and_counts_iterations():
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones(2), requires_grad=True)
    a.grad = np.ones(2)
    opt = SGD(0.5)
    assert opt.step([a, b]) == 1
    np.testing.assert_array_equal(a.data, [0.5, 0.5])
    np.testing.assert_array_equal(b.data, [1, 1])
    opt.apply_gradients([(None, a), (np.ones(2), b)])
    assert opt.iterations == 2
    np.testing.assert_array_equal(b.data, [0.5, 0.5])


def test_step_accepts_an_object_with_trainable_weights():
    class Holder:
        def __init__(self):
            self.trainable_weights = [Tensor(np.zeros(3), requires_grad=True)]
    holder = Holder()
    holder.trainable_weights[0].grad = np.ones(3)
    SGD(1.0).step(holder)
    np.testing.assert_array_equal(holder.trainable_weights[0].data, -np.ones(3))


def test_gradient_shape_mismatch_names_the_weight():
    w = Tensor(np.ones((2, 2)), requires_grad=True, name="dense/kernel")
    with pytest.raises(ValueError, match=r"dense/kernel.*\(3,\).*\(2, 2\)"):
        Adam().apply_gradients([(np.ones(3), w)])


def test_clipping():
    w = Tensor(np.zeros(2), requires_grad=True)
    SGD(1.0, clipvalue=0.5).apply_gradients([(np.array([2.0, -0.1]), w)])
    np.testing.assert_allclose(w.data, [-0.5, 0.1])
    w = Tensor(np.zeros(2), requires_grad=True)
    SGD(1.0, clipnorm=1.0).apply_gradients([(np.array([3.0, 4.0]), w)])
    np.testing.assert_allclose(w.data, [-0.6, -0.8])
    a, b = Tensor(np.zeros(1), requires_grad=True), Tensor(np.zeros(1), requires_grad=True)
    SGD(1.0, global_clipnorm=1.0).apply_gradients([(np.array([3.0]), a), (np.array([4.0]), b)])
    np.testing.assert_allclose([a.data[0], b.data[0]], [-0.6, -0.8])
    with pytest.raises(ValueError, match="not both"):
        SGD(clipnorm=1.0, global_clipnorm=1.0)


def test_schedules():
    exp = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert exp(0) == pytest.approx(0.1) and exp(5) == pytest.approx(0.1 * 0.5 ** 0.5)
    stair = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert [stair(t) for t in (0, 9, 10, 25)] == pytest.approx([0.1, 0.1, 0.05, 0.025])
    step = schedules.StepDecay(0.1, step_size=10, drop=0.5)
    assert [step(t) for t in (0, 9, 10, 25)] == pytest.approx([stair(t) for t in (0, 9, 10, 25)])
    piece = schedules.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1])
    assert [piece(t) for t in (0, 5, 6, 10, 11)] == [1.0, 1.0, 0.5, 0.5, 0.1]
    inv = schedules.InverseTimeDecay(1.0, decay_steps=1, decay_rate=1.0)
    assert inv(3) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="one more"):
        schedules.PiecewiseConstantDecay([5], [1.0])


def test_optimizer_follows_its_schedule():
    sched = schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5, staircase=True)
    opt = SGD(sched)
    w = Tensor(np.zeros(1), requires_grad=True)
    for _ in range(3):
        opt.apply_gradients([(np.ones(1), w)])
    np.testing.assert_allclose(w.data, [-(1 + 0.5 + 0.25)])
    assert opt.learning_rate == pytest.approx(0.125)


def test_learning_rate_can_be_set_and_is_checked():
    opt = Adam()
    opt.learning_rate = 0.5
    assert opt.learning_rate == 0.5 and opt.lr == 0.5
    with pytest.raises(ValueError, match="learning_rate"):
        opt.learning_rate = float("nan")
    with pytest.raises(TypeError, match="learning_rate"):
        Adam(learning_rate="fast")
    with pytest.raises(TypeError, match="unexpected"):
        Adam(betas=(0.9, 0.99))


@pytest.mark.parametrize("opt", [
    SGD(0.05, momentum=0.8, nesterov=True), Adam(0.002, beta_1=0.8, amsgrad=True), AdamW(),
    RMSprop(momentum=0.3, centered=True), Adagrad(initial_accumulator_value=0.2),
    Adam(schedules.ExponentialDecay(0.01, 100, 0.9, staircase=True), clipnorm=2.0),
])
def test_serialize_round_trip(opt):
    again = optimizers.deserialize(optimizers.serialize(opt))
    assert type(again) is type(opt) and again.get_config() == opt.get_config()


def test_save_and_load_own_variables_resume_exactly():
    grads = _gradient_sequence(SHAPES, steps=4)
    init = _init()
    full = _run_glassnet(Adam(0.01), init, grads)

    weights = [Tensor(w.copy(), requires_grad=True) for w in init]
    opt = Adam(0.01)
    for g in grads[:2]:
        opt.apply_gradients(zip(g, weights))
    store = {}
    opt.save_own_variables(store)
    resumed = optimizers.deserialize(optimizers.serialize(opt))
    resumed.load_own_variables(store, weights)
    for g in grads[2:]:
        resumed.apply_gradients(zip(g, weights))
    for a, b in zip(full, weights):
        np.testing.assert_array_equal(a, b.data)
    with pytest.raises(ValueError, match="state arrays"):
        SGD(momentum=0.9).load_own_variables(store, weights)


def test_unpickled_optimizer_keeps_the_moments_of_the_unpickled_weights():
    import pickle
    from glassnet.autodiff import Tensor
    from glassnet.optimizers import Adam
    w = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    opt = Adam(0.1)
    w.grad = np.array([0.5, -0.5])
    opt.apply_gradients([(w.grad, w)])
    w2, opt2 = pickle.loads(pickle.dumps((w, opt)))
    w.grad = w2.grad = np.array([0.5, -0.5])
    opt.apply_gradients([(w.grad, w)])
    opt2.apply_gradients([(w2.grad, w2)])
    np.testing.assert_allclose(w2.data, w.data)          # same second step: the moments came along
