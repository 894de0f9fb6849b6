"""keras.io example timeseries/timeseries_weather_forecasting (an LSTM forecasting temperature), imports changed.
A synthetic multivariate series stands in for the Jena climate download; windows built with NumPy."""
# %%
import numpy as np
import glassnet as keras

# %%
rng = np.random.default_rng(0)
t = np.arange(3000)
features = np.stack([np.sin(2 * np.pi * t / 144) + 0.1 * rng.standard_normal(3000),
                     np.cos(2 * np.pi * t / 144), 0.01 * rng.standard_normal(3000).cumsum()], axis=1)

def normalize(data, train_split):
    data_mean = data[:train_split].mean(axis=0)
    data_std = data[:train_split].std(axis=0)
    return (data - data_mean) / data_std

features = normalize(features, 2000).astype("float32")

# %%
# SKIP: keras.utils.timeseries_dataset_from_array returns a tf.data.Dataset (TensorFlow only)
dataset_train = keras.utils.timeseries_dataset_from_array(features, features[:, 0], sequence_length=120)

# %%
past, future, step = 72, 12, 6
def windows(data, start, stop):
    xs, ys = [], []
    for i in range(start, stop - past - future, 4):
        xs.append(data[i:i + past:step])
        ys.append(data[i + past + future, 0])
    return np.array(xs), np.array(ys)[:, None]

x_train, y_train = windows(features, 0, 2000)
x_val, y_val = windows(features, 2000, 3000)

# %%
inputs = keras.layers.Input(shape=(x_train.shape[1], x_train.shape[2]))
lstm_out = keras.layers.LSTM(16)(inputs)
outputs = keras.layers.Dense(1)(lstm_out)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.summary()

# %%
path_checkpoint = "model_checkpoint.weights.h5"
es_callback = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=5)
modelckpt_callback = keras.callbacks.ModelCheckpoint(monitor="val_loss", filepath=path_checkpoint, verbose=1,
                                                     save_weights_only=True, save_best_only=True)
history = model.fit(x_train, y_train, epochs=3, batch_size=32, validation_data=(x_val, y_val),
                    callbacks=[es_callback, modelckpt_callback])
assert history.history["loss"][-1] < history.history["loss"][0]

# %%
model.load_weights(path_checkpoint)
print(model.predict(x_val[:5]).shape)
