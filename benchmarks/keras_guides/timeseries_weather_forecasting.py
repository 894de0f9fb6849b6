"""keras.io example timeseries/timeseries_weather_forecasting (an LSTM forecasting temperature), imports changed.
A synthetic multivariate series stands in for the Jena climate download; smaller sizes."""
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
split_fraction, past, future, step, batch_size = 0.715, 72, 12, 6, 64
train_split = int(split_fraction * len(features))
train_data, val_data = features[:train_split], features[train_split:]
start, end = past + future, past + future + train_split
x_train, y_train = train_data, features[start:end, :1]
sequence_length = int(past / step)
dataset_train = keras.utils.timeseries_dataset_from_array(x_train, y_train, sequence_length=sequence_length,
                                                          sampling_rate=step, batch_size=batch_size)

# %%
x_end = len(val_data) - past - future
label_start = train_split + past + future
x_val, y_val = val_data[:x_end], features[label_start:, :1]
dataset_val = keras.utils.timeseries_dataset_from_array(x_val, y_val, sequence_length=sequence_length,
                                                        sampling_rate=step, batch_size=batch_size)
for batch in dataset_train.take(1):
    inputs, targets = batch
print("Input shape:", inputs.numpy().shape)
print("Target shape:", targets.numpy().shape)
assert inputs.numpy().shape == (batch_size, sequence_length, 3) and targets.numpy().shape == (batch_size, 1)

# %%
inputs = keras.layers.Input(shape=(inputs.shape[1], inputs.shape[2]))
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
history = model.fit(dataset_train, epochs=3, validation_data=dataset_val,
                    callbacks=[es_callback, modelckpt_callback])
assert history.history["loss"][-1] < history.history["loss"][0]

# %%
model.load_weights(path_checkpoint)
for x, y in dataset_val.take(2):
    print(x[0][:, 1].numpy().shape, y[0].numpy(), model.predict(x)[0])
