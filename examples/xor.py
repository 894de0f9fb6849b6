"""XOR with the smallest network that can learn it: 2 inputs, 2 sigmoid hidden units, 1 sigmoid output.

    python examples/xor.py

No straight line separates XOR's ones from its zeros, so a single neuron cannot learn
it; one hidden layer of two units can (each unit draws one line, the output combines
them). Two hidden units is also the tightest case: some starting weights lead to a
local minimum where one input pattern stays wrong. The script then starts again from
new random weights, as one would by hand, and says so.
"""
import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.datasets import make_xor

x, y = make_xor()  # the truth table: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0
y = y.reshape(-1, 1).astype("float32")

for attempt, seed in enumerate(range(10), start=1):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        layers.Dense(2, activation="sigmoid", name="hidden"),
        layers.Dense(1, activation="sigmoid", name="output"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0, momentum=0.9),
                  loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, batch_size=4, epochs=500, verbose=0)
    probabilities = model.predict(x, verbose=0)
    accuracy = float(np.mean((probabilities > 0.5) == (y > 0.5)))
    if accuracy == 1.0:
        break
    print(f"attempt {attempt} (seed {seed}) ended in a local minimum "
          f"(accuracy {100 * accuracy:.0f} %); starting again from new random weights")

model.summary()
print(f"\nfinal loss {history.history['loss'][-1]:.4f} after 500 epochs (seed {seed})")
for inputs, target, p in zip(x, y, probabilities):
    print(f"  x = {inputs.astype(int)}  target {int(target[0])}  output {p[0]:.3f}  "
          f"→ {int(p[0] > 0.5)}")
print(f"XOR accuracy: {100 * accuracy:.0f} %")
W, b = model.get_layer("hidden").get_weights()
print("hidden layer: each unit draws the line w1·x1 + w2·x2 + b = 0")
for unit in range(2):
    print(f"  unit {unit}: w = {W[:, unit].round(2)}, b = {b[unit]:.2f}")
