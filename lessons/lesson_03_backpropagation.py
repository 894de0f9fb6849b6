"""
Lesson 3: backpropagation by hand
=================================

Backpropagation is the chain rule applied from the loss backwards, reusing every
intermediate derivative once. This lesson computes the gradients of a single neuron and of
a 2-2-1 network by hand, with the four equations of the lecture, and checks each number
against what glassnet's automatic differentiation puts in ``.grad``.
"""

# %%
# One neuron, one sample
# ----------------------
# z = w·x + b, a = σ(z), L = ½ (a − y)². The chain rule gives
# dL/dw = (a − y) · σ'(z) · x and dL/db = (a − y) · σ'(z), with σ'(z) = a (1 − a).
import numpy as np

import glassnet as keras
from glassnet import Tensor, layers, ops, viz
from glassnet.inspection import backprop_table

x, y = 1.5, 0.0
w = Tensor(0.8, requires_grad=True, name="w", dtype="float64")
b = Tensor(0.2, requires_grad=True, name="b", dtype="float64")
z = w * x + b
a = ops.sigmoid(z)
loss = 0.5 * ops.square(a - y)
loss.backward()

a_value = 1 / (1 + np.exp(-(0.8 * x + 0.2)))
by_hand_w = (a_value - y) * a_value * (1 - a_value) * x
by_hand_b = (a_value - y) * a_value * (1 - a_value)
print(f"dL/dw: by hand {by_hand_w:.6f}, autodiff {w.grad.item():.6f}")
print(f"dL/db: by hand {by_hand_b:.6f}, autodiff {b.grad.item():.6f}")
assert np.isclose(by_hand_w, w.grad.item()) and np.isclose(by_hand_b, b.grad.item())

# %%
# The graph autodiff walked
# -------------------------
# Each box is one value of the forward pass; after ``backward()`` it also holds dL/d(box).
# Read the gradients from right to left: each is the one to its right times a local derivative.
viz.plot_graph(loss)

# %%
# Why σ'(z) matters
# -----------------
# Every layer multiplies δ by σ'(z) ≤ ¼. Through many sigmoid layers the gradient shrinks
# geometrically: the *vanishing gradient*. ReLU's derivative is 1 where it is active.
viz.plot_function(["sigmoid", "relu"])

# %%
# A 2-2-1 network: the four equations
# -----------------------------------
# With rows as samples (Keras's layout), zˡ = aˡ⁻¹ Wˡ + bˡ and aˡ = σ(zˡ):
#
# 1. δᴸ = (aᴸ − y) ⊙ σ'(zᴸ)                    (output error, quadratic loss)
# 2. δˡ = (δˡ⁺¹ Wˡ⁺¹ᵀ) ⊙ σ'(zˡ)                 (the error sent back one layer)
# 3. dL/dWˡ = aˡ⁻¹ᵀ δˡ
# 4. dL/dbˡ = δˡ
#
# The weights are those of a classic worked example.
model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2, activation="sigmoid", name="hidden"),
                          layers.Dense(1, activation="sigmoid", name="output")])
W1, b1 = np.array([[0.15, 0.25], [0.20, 0.30]]), np.array([0.35, 0.35])
W2, b2 = np.array([[0.40], [0.45]]), np.array([0.60])
model.set_weights([W1, b1, W2, b2])
x, y = np.array([[0.05, 0.10]]), np.array([[0.01]])

table = backprop_table(model, x, y)
print(table)

# %%
# The same numbers by hand
# ------------------------
def sigmoid(v):
    return 1 / (1 + np.exp(-v))


a1 = sigmoid(x @ W1 + b1)
a2 = sigmoid(a1 @ W2 + b2)
delta2 = (a2 - y) * a2 * (1 - a2)                  # equation 1
delta1 = (delta2 @ W2.T) * a1 * (1 - a1)           # equation 2
checks = {"δ output": (delta2, table["output"]["delta"]), "δ hidden": (delta1, table["hidden"]["delta"]),
          "dL/dW output": (a1.T @ delta2, table["output"]["dL_dW"]),   # equation 3
          "dL/dW hidden": (x.T @ delta1, table["hidden"]["dL_dW"]),
          "dL/db hidden": (delta1.sum(0), table["hidden"]["dL_db"])}   # equation 4
for name, (by_hand, autodiff) in checks.items():
    print(f"{name:>13}: by hand {np.round(by_hand.ravel(), 6)}  autodiff {np.round(autodiff.ravel(), 6)}")
    assert np.allclose(by_hand, autodiff, rtol=1e-5)

# %%
# One step of gradient descent
# ----------------------------
# θ ← θ − η dL/dθ with η = 0.5 lowers the loss, as it must for a small enough η.
before = table.loss
model.set_weights([W1 - 0.5 * table["hidden"]["dL_dW"], b1 - 0.5 * table["hidden"]["dL_db"],
                   W2 - 0.5 * table["output"]["dL_dW"], b2 - 0.5 * table["output"]["dL_db"]])
after = backprop_table(model, x, y).loss
print(f"loss before {before:.6f}, after one step {after:.6f}")
viz.plot_network(model, show_values=True)
