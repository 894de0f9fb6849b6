"""
Lesson 0: a twenty-second tour
==============================

The two faces of glassnet on one problem, XOR: a network written the Keras way and a decision
tree written the scikit-learn way. Neither can be solved by a straight line; both learn it, and
both can be opened to see how.
"""

# %%
# The data
# --------
# Four corners of a square, labelled by XOR, and a noisy cloud around each corner for training.
import matplotlib.pyplot as plt
import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.datasets import make_xor
from glassnet.tree import DecisionTreeClassifier, export_text
from glassnet.viz import plot_decision_boundary

keras.utils.set_random_seed(0)
X, y = make_xor(n_samples=200, noise=0.15, seed=0, shuffle=True)
print(X.shape, y.shape, "labels:", np.unique(y))

# %%
# A network, the Keras way
# ------------------------
# Two inputs, one hidden layer of four tanh neurons, one sigmoid output: the smallest network
# that bends its boundary twice.
model = keras.Sequential([
    keras.Input(shape=(2,)),
    layers.Dense(4, activation="tanh"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
              metrics=["accuracy"])
history = model.fit(X, y, epochs=60, batch_size=20, verbose=0)
print(f"loss {history.history['loss'][0]:.3f} → {history.history['loss'][-1]:.3f}, "
      f"training accuracy {history.history['accuracy'][-1]:.2f}")

# %%
# Every number is there to look at: the first layer's weights, and what it computed on the four
# corners (``z = a·W + b`` and ``a = tanh(z)``).
corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
print("W =\n", model.layers[0].kernel.numpy().round(2))
print("network on the corners:", model.predict(corners, verbose=0).ravel().round(2))

# %%
# A tree, the scikit-learn way
# ----------------------------
# Entropy as the impurity. Two levels of questions would be enough for XOR, but a tree chooses
# each question greedily, and on XOR no first question gains anything: each half is still
# half 0s and half 1s. The depth-2 tree takes a cut the noise favours and is stuck there.
shallow = DecisionTreeClassifier(criterion="entropy", max_depth=2, random_state=0).fit(X, y)
print(f"depth 2: training accuracy {shallow.score(X, y):.2f}")

# %%
# Two more levels let it repair its first choice.
tree = DecisionTreeClassifier(criterion="entropy", max_depth=4, random_state=0).fit(X, y)
print(f"depth 4: training accuracy {tree.score(X, y):.2f}")
print(export_text(tree, feature_names=["x1", "x2"]))
print("tree on the corners:", tree.predict(corners))

# %%
# Side by side
# ------------
# The network's boundary is a smooth curve; the tree's is made of axis-parallel cuts.
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
plot_decision_boundary(model, X, y, ax=left)
left.set_title("Dense 2-4-1 network")
plot_decision_boundary(tree, X, y, ax=right)
right.set_title("decision tree, depth 4")
plt.show()
