"""keras.io example nlp/text_classification_from_scratch (1D convnet over word embeddings), imports changed.
Synthetic token ids stand in for the IMDB download and TextVectorization; smaller sizes and epochs."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
# SKIP: keras.utils.text_dataset_from_directory and TextVectorization over tf.data (TensorFlow only)
raw_train_ds = keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=32)

# %%
max_features = 2000
embedding_dim = 16
sequence_length = 60
rng = np.random.default_rng(0)
y_train = rng.integers(0, 2, 600)
x_train = rng.integers(1, max_features, (600, sequence_length))
x_train[y_train == 1, :5] = 7   # a "positive" word appears in positive reviews
y_val = rng.integers(0, 2, 150)
x_val = rng.integers(1, max_features, (150, sequence_length))
x_val[y_val == 1, :5] = 7

# %%
inputs = keras.Input(shape=(None,), dtype="int64")
x = layers.Embedding(max_features, embedding_dim)(inputs)
x = layers.Dropout(0.5)(x)
x = layers.Conv1D(16, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.Conv1D(16, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(16, activation="relu")(x)
x = layers.Dropout(0.5)(x)
predictions = layers.Dense(1, activation="sigmoid", name="predictions")(x)
model = keras.Model(inputs, predictions)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

# %%
epochs = 3
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs, batch_size=32)
assert history.history["loss"][-1] < history.history["loss"][0]

# %%
print(model.evaluate(x_val, y_val))
