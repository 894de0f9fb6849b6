"""keras.io example nlp/bidirectional_lstm_imdb, imports changed; synthetic padded ids stand in for
keras.datasets.imdb (a download); smaller sizes and one epoch."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
max_features = 1000
maxlen = 40
rng = np.random.default_rng(0)
x_train = [list(rng.integers(1, max_features, rng.integers(5, 60))) for _ in range(256)]
y_train = rng.integers(0, 2, 256)
x_val = [list(rng.integers(1, max_features, rng.integers(5, 60))) for _ in range(64)]
y_val = rng.integers(0, 2, 64)
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)

# %%
inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(max_features, 16)(inputs)
x = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(8))(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.summary()

# %%
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=1, validation_data=(x_val, y_val))
