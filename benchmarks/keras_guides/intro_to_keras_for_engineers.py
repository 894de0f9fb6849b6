"""keras.io guide "Introduction to Keras for engineers", section by section (imports changed, local MNIST, small sizes)."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train[:800].astype("float32") / 255
x_test = x_test[:200].astype("float32") / 255
y_train, y_test = y_train[:800], y_test[:200]
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape, "y_train shape:", y_train.shape)

# %%
num_classes = 10
input_shape = (28, 28, 1)
model = keras.Sequential(
    [
        keras.layers.Input(shape=input_shape),
        keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(num_classes, activation="softmax"),
    ]
)
model.summary()

# %%
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
)

# %%
callbacks = [
    keras.callbacks.ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2),
]
history = model.fit(x_train, y_train, batch_size=32, epochs=2, validation_split=0.15, callbacks=callbacks)
assert history.history["loss"][-1] < history.history["loss"][0]
assert "val_acc" in history.history

# %%
score = model.evaluate(x_test, y_test, verbose=0)
print(score)

# %%
model.save("final_model.keras")
model = keras.saving.load_model("final_model.keras")
predictions = model.predict(x_test)
assert predictions.shape == (200, 10)

# %%
class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = self.add_weight(shape=(input_dim, self.units), initializer=keras.initializers.GlorotNormal(), name="kernel", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer=keras.initializers.Zeros(), name="bias", trainable=True)

    def call(self, inputs):
        x = keras.ops.matmul(inputs, self.w) + self.b
        return self.activation(x)

# %%
class MyDropout(keras.layers.Layer):
    def __init__(self, rate, name=None):
        super().__init__(name=name)
        self.rate = rate
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        return keras.random.dropout(inputs, self.rate, seed=self.seed_generator)

# %%
inputs = keras.Input(shape=input_shape)
x = keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu")(inputs)
x = keras.layers.GlobalAveragePooling2D()(x)
x = MyDense(32, activation="relu")(x)
x = MyDropout(0.5)(x)
outputs = MyDense(num_classes, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.summary()

# %%
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
)
history = model.fit(x_train, y_train, batch_size=32, epochs=2, validation_split=0.15)
assert history.history["loss"][-1] < history.history["loss"][0]

# %%
# SKIP: tf.data pipeline (TensorFlow only)
import tensorflow as tf

# %%
import torch

train_torch_dataset = torch.utils.data.TensorDataset(torch.from_numpy(x_train), torch.from_numpy(y_train))
val_torch_dataset = torch.utils.data.TensorDataset(torch.from_numpy(x_test), torch.from_numpy(y_test))
train_dataloader = torch.utils.data.DataLoader(train_torch_dataset, batch_size=128, shuffle=True)
val_dataloader = torch.utils.data.DataLoader(val_torch_dataset, batch_size=128, shuffle=False)
history = model.fit(train_dataloader, epochs=1, validation_data=val_dataloader)
assert "val_loss" in history.history

# %%
class MyPyDataset(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, idx):
        lo = idx * self.batch_size
        return self.x[lo:lo + self.batch_size], self.y[lo:lo + self.batch_size]

train_ds = MyPyDataset(x_train, y_train, batch_size=128)
val_ds = MyPyDataset(x_test, y_test, batch_size=128)
model.fit(train_ds, epochs=1, validation_data=val_ds)
model.evaluate(val_ds)
