"""keras.io example nlp/text_classification_from_scratch (1D convnet over word embeddings), imports changed.
Synthetic reviews stand in for the IMDB download (vectorized by TextVectorization); smaller sizes and epochs."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
# SKIP: keras.utils.text_dataset_from_directory and Dataset.map over tf.data (TensorFlow only)
raw_train_ds = keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=32)

# %%
max_features = 2000
embedding_dim = 16
sequence_length = 60
rng = np.random.default_rng(0)
words = np.array([f"w{i}" for i in range(1500)])

def reviews(n):
    labels = rng.integers(0, 2, n)
    texts = [" ".join(rng.choice(words, sequence_length)) for _ in range(n)]
    texts = [("<br />Wonderful, superb! " if label else "<br />") + text for text, label in zip(texts, labels)]
    return np.array(texts), labels

raw_train, y_train = reviews(600)
raw_val, y_val = reviews(150)

# %%
import re
import string

def custom_standardization(input_data):
    lowercase = input_data.lower()
    stripped_html = lowercase.replace("<br />", " ")
    return re.sub("[%s]" % re.escape(string.punctuation), "", stripped_html)

vectorize_layer = keras.layers.TextVectorization(standardize=custom_standardization, max_tokens=max_features,
                                                 output_mode="int", output_sequence_length=sequence_length)
vectorize_layer.adapt(raw_train)
x_train = vectorize_layer(raw_train).numpy()
x_val = vectorize_layer(raw_val).numpy()
assert x_train.shape == (600, sequence_length) and x_train.max() < max_features
assert "wonderful" in vectorize_layer.get_vocabulary()

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

# %%
inputs = keras.Input(shape=(1,), dtype="string")
indices = vectorize_layer(inputs)
outputs = model(indices)
end_to_end_model = keras.Model(inputs, outputs)
end_to_end_model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
loss, accuracy = end_to_end_model.evaluate(raw_val[:, None], y_val)
assert accuracy == model.evaluate(x_val, y_val)[1]
