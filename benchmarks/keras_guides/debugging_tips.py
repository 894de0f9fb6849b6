"""keras.io example keras_recipes/debugging_tips ("Keras debugging tips"), imports changed; MNIST from
GLASSNET_DATA, 1 epoch on 2,000 digits. The example's GradientTape becomes glassnet's ``loss.backward()``."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
class MyAntirectifier(layers.Layer):
    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim),
            initializer="he_normal",
            name="kernel",
            trainable=True,
        )

    def call(self, inputs):
        # Take the positive part of the input
        pos = ops.relu(inputs)
        # Take the negative part of the input
        neg = ops.relu(-inputs)
        # Concatenate the positive and negative parts
        concatenated = ops.concatenate([pos, neg], axis=0)
        # Project the concatenation down to the same dimensionality as the input
        return ops.matmul(concatenated, self.kernel)

# %%
# Tip 1: test each part before you test the whole. The bug above (axis=0) must show up as an error.
x = keras.random.normal(shape=(2, 5))
try:
    y = MyAntirectifier()(x)
except Exception as error:  # noqa: BLE001 - the guide shows this error
    print("Caught:", error)
    caught = error
else:
    caught = None
assert caught is not None and "(4, 5) and (10, 5)" in str(caught)  # the shapes that do not fit

# %%
class MyAntirectifier(layers.Layer):
    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim),
            initializer="he_normal",
            name="kernel",
            trainable=True,
        )

    def call(self, inputs):
        pos = ops.relu(inputs)
        neg = ops.relu(-inputs)
        print("pos.shape:", pos.shape)
        print("neg.shape:", neg.shape)
        concatenated = ops.concatenate([pos, neg], axis=0)
        print("concatenated.shape:", concatenated.shape)
        print("kernel.shape:", self.kernel.shape)
        return ops.matmul(concatenated, self.kernel)

try:
    MyAntirectifier()(x)
except Exception as error:  # noqa: BLE001
    print("Still failing:", type(error).__name__)

# %%
class MyAntirectifier(layers.Layer):
    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim),
            initializer="he_normal",
            name="kernel",
            trainable=True,
        )

    def call(self, inputs):
        pos = ops.relu(inputs)
        neg = ops.relu(-inputs)
        print("pos.shape:", pos.shape)
        print("neg.shape:", neg.shape)
        concatenated = ops.concatenate([pos, neg], axis=1)
        print("concatenated.shape:", concatenated.shape)
        print("kernel.shape:", self.kernel.shape)
        return ops.matmul(concatenated, self.kernel)

x = keras.random.normal(shape=(2, 5))
layer = MyAntirectifier()
y = layer(x)
assert tuple(y.shape) == (2, 5)
values = np.asarray(x)
expected = np.concatenate([np.maximum(values, 0), np.maximum(-values, 0)], axis=1) @ np.asarray(layer.kernel)
np.testing.assert_allclose(np.asarray(y), expected, rtol=1e-5)

# %%
# Tip 2: use model.summary() and plot_model() to check your output shapes
inputs = keras.Input(shape=(784,))
x = layers.Dense(64)(inputs)
x = MyAntirectifier()(x)
x = layers.Dense(64)(x)
x = MyAntirectifier()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
model.summary()
assert [tuple(l.output.shape) for l in model.layers[1:]] == [(None, 64)] * 4 + [(None, 10)]

# %%
# Tip 3: to debug what happens during fit(), use run_eagerly=True
class MyModel(keras.Model):
    def train_step(self, data):
        print()
        print("----Start of step: %d" % (self.step_counter,))
        self.step_counter += 1

        inputs, targets = data
        trainable_vars = self.trainable_variables
        preds = self(inputs, training=True)
        loss = self.compute_loss(y=targets, y_pred=preds)
        print("Forward pass: loss =", float(loss))
        loss.backward()
        gradients = [v.grad for v in trainable_vars]
        print("Gradient norms:", [float(np.linalg.norm(g)) for g in gradients])

        # Update weights
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))

        # Update metrics (includes the metric that tracks the loss)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(targets, preds)
        # Return a dict mapping metric names to current value
        logs = {m.name: m.result() for m in self.metrics}
        return logs


(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train[:2000].reshape(2000, 784).astype("float32") / 255

model = MyModel(inputs, outputs)
model.step_counter = 0
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
    run_eagerly=True,
)
history = model.fit(x_train, y_train[:2000], batch_size=256, epochs=2)
assert model.step_counter == 16  # every step went through the custom train_step
# the guide's point: with logits given to a loss that expects probabilities, training stalls
assert np.isfinite(history.history["loss"]).all()

# %%
# Tip 3 (continued): the fix, from_logits=True, on a fresh model
def get_model():
    inputs = keras.Input(shape=(784,))
    x = layers.Dense(64)(inputs)
    x = MyAntirectifier()(x)
    x = layers.Dense(64)(x)
    x = MyAntirectifier()(x)
    outputs = layers.Dense(10)(x)
    return inputs, outputs

model = MyModel(*get_model())
model.step_counter = 0
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["sparse_categorical_accuracy"],
    run_eagerly=True,
)
history = model.fit(x_train, y_train[:2000], batch_size=256, epochs=2)
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["sparse_categorical_accuracy"][-1] > 0.5
