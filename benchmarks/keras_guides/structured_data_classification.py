"""keras.io example structured_data (structured data classification with FeatureSpace / from scratch), in its NumPy form:
a synthetic table stands in for the heart-disease CSV; normalisation and one-hot encoding by Keras layers and utils."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
rng = np.random.default_rng(0)
n = 303
age = rng.integers(29, 77, n).astype("float32")
thalach = rng.normal(150, 20, n).astype("float32")
chol = rng.normal(240, 50, n).astype("float32")
cp = rng.integers(0, 4, n)
sex = rng.integers(0, 2, n)
target = ((thalach < 150) + (cp == 0) + (sex == 1) > 1).astype("int64")
val_idx = rng.random(n) < 0.2

# %%
# SKIP: tf.data.Dataset.from_tensor_slices and FeatureSpace over tf.data (TensorFlow only)
import tensorflow as tf

# %%
numeric = np.stack([age, thalach, chol], axis=1)
normalizer = layers.Normalization()
normalizer.adapt(numeric[~val_idx])
categorical = np.concatenate([keras.utils.to_categorical(cp, 4), keras.utils.to_categorical(sex, 2)], axis=1)

# %%
numeric_input = keras.Input(shape=(3,), name="numeric")
categorical_input = keras.Input(shape=(6,), name="categorical")
x = layers.concatenate([normalizer(numeric_input), categorical_input])
x = layers.Dense(32, activation="relu")(x)
x = layers.Dropout(0.5)(x)
output = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model([numeric_input, categorical_input], output)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
history = model.fit(
    {"numeric": numeric[~val_idx], "categorical": categorical[~val_idx]}, target[~val_idx],
    epochs=20, batch_size=32, verbose=0,
    validation_data=({"numeric": numeric[val_idx], "categorical": categorical[val_idx]}, target[val_idx]),
)
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["val_accuracy"][-1] > 0.6

# %%
sample = {"numeric": numeric[:1], "categorical": categorical[:1]}
predictions = model.predict(sample)
print(f"probability of heart disease: {100 * predictions[0][0]:.1f}%")
