"""keras.io guide "Writing a training loop from scratch" (backend-agnostic parts; gradients the glassnet way: loss.backward())."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
def get_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x1 = keras.layers.Dense(64, activation="relu")(inputs)
    x2 = keras.layers.Dense(64, activation="relu")(x1)
    outputs = keras.layers.Dense(10, name="predictions")(x2)
    return keras.Model(inputs=inputs, outputs=outputs)

model = get_model()
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# %%
batch_size = 64
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = np.reshape(x_train[:3000], (-1, 784)).astype("float32") / 255
x_test = np.reshape(x_test[:500], (-1, 784)).astype("float32") / 255
y_train, y_test = y_train[:3000], y_test[:500]
x_val, y_val = x_train[-500:], y_train[-500:]
x_train, y_train = x_train[:-500], y_train[:-500]

def batches(x, y, batch_size, shuffle=False):
    order = np.random.permutation(len(x)) if shuffle else np.arange(len(x))
    for start in range(0, len(x), batch_size):
        idx = order[start:start + batch_size]
        yield x[idx], y[idx]

# %%
epochs = 2
first = last = None
for epoch in range(epochs):
    for step, (x_batch, y_batch) in enumerate(batches(x_train, y_train, batch_size, shuffle=True)):
        logits = model(x_batch, training=True)
        loss_value = loss_fn(y_batch, logits)
        for v in model.trainable_weights:
            v.grad = None
        loss_value.backward()
        grads = [v.grad for v in model.trainable_weights]
        optimizer.apply(grads, model.trainable_weights)
        first = float(loss_value) if first is None else first
        last = float(loss_value)
        if step % 20 == 0:
            print(f"Training loss at step {step}: {float(loss_value):.4f}")
assert last < first

# %%
model = get_model()
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
train_acc_metric = keras.metrics.SparseCategoricalAccuracy()
val_acc_metric = keras.metrics.SparseCategoricalAccuracy()
for epoch in range(2):
    for x_batch, y_batch in batches(x_train, y_train, batch_size, shuffle=True):
        logits = model(x_batch, training=True)
        loss_value = loss_fn(y_batch, logits)
        for v in model.trainable_weights:
            v.grad = None
        loss_value.backward()
        optimizer.apply([v.grad for v in model.trainable_weights], model.trainable_weights)
        train_acc_metric.update_state(y_batch, logits)
    train_acc = train_acc_metric.result()
    print(f"Training acc over epoch: {float(train_acc):.4f}")
    train_acc_metric.reset_state()
    for x_batch_val, y_batch_val in batches(x_val, y_val, batch_size):
        val_logits = model(x_batch_val, training=False)
        val_acc_metric.update_state(y_batch_val, val_logits)
    val_acc = val_acc_metric.result()
    val_acc_metric.reset_state()
    print(f"Validation acc: {float(val_acc):.4f}")
assert float(val_acc) > 0.7

# %%
class ActivityRegularizationLayer(keras.layers.Layer):
    def call(self, inputs):
        self.add_loss(1e-2 * ops.sum(inputs))
        return inputs

inputs = keras.Input(shape=(784,), name="digits")
x = keras.layers.Dense(64, activation="relu")(inputs)
x = ActivityRegularizationLayer()(x)
x = keras.layers.Dense(64, activation="relu")(x)
outputs = keras.layers.Dense(10, name="predictions")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
for x_batch, y_batch in batches(x_train[:640], y_train[:640], batch_size):
    logits = model(x_batch, training=True)
    loss_value = loss_fn(y_batch, logits)
    loss_value = loss_value + sum(model.losses)
    for v in model.trainable_weights:
        v.grad = None
    loss_value.backward()
    optimizer.apply([v.grad for v in model.trainable_weights], model.trainable_weights)
assert len(model.losses) == 1

