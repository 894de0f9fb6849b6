"""
Lesson 1: the first neuron
==========================

A neuron computes a weighted sum of its inputs plus a bias, z = w·x + b, and passes it
through an activation. With the step function it is Rosenblatt's *perceptron*; with the
sigmoid σ(z) = 1 / (1 + e⁻ᶻ) it becomes the smooth neuron that gradient descent can train.
This lesson teaches a single neuron the logic gates, and finds the one it cannot learn.
"""

# %%
# The logic gates as data
# -----------------------
# Each gate is a table of four rows: two inputs in {0, 1} and the expected output.
import matplotlib.pyplot as plt
import numpy as np

import glassnet as keras
from glassnet import layers, viz
from glassnet.datasets import make_logic_gate
from glassnet.linear_model import Perceptron

X_and, y_and = make_logic_gate("AND")
print(np.column_stack([X_and, y_and]))

# %%
# The perceptron learns AND and OR, not XOR
# -----------------------------------------
# The perceptron rule w ← w + η (y − ŷ) x changes the weights only on mistakes. It stops
# making mistakes when a straight line separates the two classes. AND and OR have such a
# line; XOR does not: its 1s sit on one diagonal and its 0s on the other, so at least one
# of the four points is always on the wrong side.
figure, axes = plt.subplots(1, 3, figsize=(12, 3.8))
for ax, gate in zip(axes, ["AND", "OR", "XOR"]):
    X, y = make_logic_gate(gate)
    perceptron = Perceptron(max_iter=100, random_state=0).fit(X, y)
    accuracy = perceptron.score(X, y)
    viz.plot_decision_boundary(perceptron, X, y, ax=ax, resolution=100)
    ax.set_title(f"{gate}: accuracy {accuracy:.0%}")
    print(f"{gate}: w = {perceptron.coef_[0]}, b = {perceptron.intercept_[0]:.1f}, accuracy = {accuracy:.0%}")
figure.tight_layout()

# %%
# From the step to the sigmoid
# ----------------------------
# The step function has derivative 0 everywhere (and none at 0), so a small change of the
# weights never tells us which way to go. The sigmoid is a smooth step whose derivative
# σ'(z) = σ(z)(1 − σ(z)) is never zero. glassnet computes each derivative by automatic
# differentiation and draws it dashed.
viz.plot_function(["step", "sigmoid", "tanh"])

# %%
# A sigmoid neuron, the Keras way
# -------------------------------
# One Dense unit with a sigmoid is a sigmoid neuron: ŷ = σ(w·x + b). Trained by gradient
# descent on the cross-entropy, it learns the OR gate; its output is a probability, and the
# decision boundary is the line where it equals ½.
X_or, y_or = make_logic_gate("OR")
keras.utils.set_random_seed(0)
neuron = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1, activation="sigmoid")])
neuron.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="binary_crossentropy",
               metrics=["accuracy"])
history = neuron.fit(X_or.astype("float32"), y_or, epochs=300, batch_size=4, verbose=0)
print("probabilities:", neuron.predict(X_or.astype("float32"), verbose=0).ravel().round(3))

figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
viz.plot_decision_boundary(neuron, X_or, y_or, ax=left, resolution=100)
left.set_title("OR learned by one sigmoid neuron")
viz.plot_history(history, "loss", ax=right)
figure.tight_layout()

# %%
# The neuron's weights, for the back row
# --------------------------------------
# Blue lines are positive weights, orange negative ones, thicker for larger ``|w|``: both
# inputs push the output up, as OR requires. ``viz.style("slides")`` enlarges every text
# and line for a projector, inside a ``with`` block or, called alone, from then on.
with viz.style("slides"):
    viz.plot_network(neuron, show_values=True)
