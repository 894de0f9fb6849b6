"""The training loop written by hand, as the lectures draw it, with every number in view.

    python examples/hand_written_loop.py

    for each epoch:
        for each batch (x, y):
            forward:   z¹ = x·W¹ + b¹,  a¹ = relu(z¹),  z² = a¹·W² + b²,  a² = softmax(z²)
            loss:      L = mean cross-entropy(y, a²)
            backward:  L.backward()  → every W.grad = dL/dW, and every z.grad = δ = dL/dz
            update:    optimizer.step(weights)  → W ← W − η·dL/dW (here with Adam's scaling)

After ``backward()`` a layer keeps its last forward values: ``layer.z`` and ``layer.a``
are Tensors and ``layer.z.grad`` is δ, the error signal the lectures call δ = dL/dz.
The script trains on the MNIST sample shipped with glassnet and prints, for the first
image of the first batch, z, a and δ of the hidden layer's first units.
"""
import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.datasets import mnist

keras.utils.set_random_seed(0)
(x_train, y_train), (x_test, y_test) = mnist.load_sample()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255

hidden = layers.Dense(32, activation="relu", name="hidden")
output = layers.Dense(10, activation="softmax", name="output")
model = keras.Sequential([keras.Input(shape=(784,)), hidden, output])
loss_fn = keras.losses.SparseCategoricalCrossentropy()
optimizer = keras.optimizers.Adam(learning_rate=1e-3)

epochs, batch_size = 5, 64
rng = np.random.default_rng(0)
for epoch in range(epochs):
    order = rng.permutation(len(x_train))
    losses = []
    for start in range(0, len(x_train), batch_size):
        batch = order[start:start + batch_size]
        x, y = x_train[batch], y_train[batch]

        y_pred = model(x, training=True)          # forward: every layer keeps z and a
        loss = loss_fn(y, y_pred)                 # the mean cross-entropy of the batch
        loss.backward()                           # backward: .grad on weights and on every z, a
        optimizer.step(model.trainable_weights)   # update: W ← W − (step from dL/dW)
        losses.append(loss.item())

        if epoch == 0 and start == 0:
            np.set_printoptions(precision=4, suppress=True)
            print("First batch, first image, hidden units 0-5:")
            print("  z = x·W + b          ", hidden.z.data[0, :6])
            print("  a = relu(z)          ", hidden.a.data[0, :6])
            print("  δ = dL/dz            ", hidden.z.grad[0, :6])
            print("  dL/da                ", hidden.a.grad[0, :6])
            print("  δ = dL/da · [z > 0]  ", (hidden.a.grad * (hidden.z.data > 0))[0, :6])
            print("  dL/dW (kernel.grad) shape", hidden.kernel.grad.shape,
                  "= xᵀ·δ over the batch; dL/db = Σ δ:",
                  np.allclose(hidden.bias.grad, hidden.z.grad.sum(axis=0), atol=1e-6))
            print("  output δ = a² − onehot(y), divided by the batch size:",
                  np.allclose(output.z.grad,
                              (output.a.data - np.eye(10)[y]) / len(y), atol=1e-6))
            print()

    predictions = model(x_test).data.argmax(axis=1)  # no training flag: plain inference
    print(f"epoch {epoch + 1}/{epochs}: mean training loss {np.mean(losses):.4f}, "
          f"test accuracy {100 * np.mean(predictions == y_test):.2f} %")
