"""keras.io example timeseries/timeseries_anomaly_detection ("Timeseries anomaly detection using an
Autoencoder"), imports changed. The NAB CSV files cannot be downloaded here: a daily cycle sampled every
5 minutes with noise stands in for "art_daily_small_noise", and the same signal with a one-hour jump for
"art_daily_jumpsup"; 2 days of training data instead of 14, 3 epochs; pandas is replaced by NumPy."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
rng = np.random.default_rng(0)
steps_per_day = 288  # one value every 5 minutes


def daily_signal(days):
    t = np.arange(days * steps_per_day)
    return 40 + 20 * np.sin(2 * np.pi * t / steps_per_day) + rng.normal(0, 1.0, size=t.shape)


df_small_noise = daily_signal(3)
df_daily_jumpsup = daily_signal(3)
anomaly_start = 400
df_daily_jumpsup[anomaly_start:anomaly_start + 12] += 60.0  # the jump the detector should find

# %%
training_mean = df_small_noise.mean()
training_std = df_small_noise.std()
df_training_value = (df_small_noise - training_mean) / training_std
print("Number of training samples:", len(df_training_value))

# %%
TIME_STEPS = 288


def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps + 1):
        output.append(values[i: (i + time_steps)])
    return np.stack(output)


x_train = create_sequences(df_training_value.reshape(-1, 1))[::2]  # every other window: half the work
print("Training input shape: ", x_train.shape)
assert x_train.shape[1:] == (288, 1)

# %%
model = keras.Sequential(
    [
        layers.Input(shape=(x_train.shape[1], x_train.shape[2])),
        layers.Conv1D(filters=32, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Dropout(rate=0.2),
        layers.Conv1D(filters=16, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Conv1DTranspose(filters=16, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Dropout(rate=0.2),
        layers.Conv1DTranspose(filters=32, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Conv1DTranspose(filters=1, kernel_size=7, padding="same"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.summary()
assert tuple(model.output_shape) == (None, 288, 1)

# %%
history = model.fit(
    x_train,
    x_train,
    epochs=3,
    batch_size=128,
    validation_split=0.1,
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, mode="min")],
)
assert history.history["loss"][-1] < history.history["loss"][0]

# %%
x_train_pred = model.predict(x_train)
train_mae_loss = np.mean(np.abs(x_train_pred - x_train), axis=1)
threshold = np.max(train_mae_loss)
print("Reconstruction error threshold: ", threshold)

# %%
df_test_value = (df_daily_jumpsup - training_mean) / training_std
x_test = create_sequences(df_test_value.reshape(-1, 1))
print("Test input shape: ", x_test.shape)
x_test_pred = model.predict(x_test)
test_mae_loss = np.mean(np.abs(x_test_pred - x_test), axis=1)
test_mae_loss = test_mae_loss.reshape((-1))
anomalies = test_mae_loss > threshold
print("Number of anomaly samples: ", np.sum(anomalies))
print("Indices of anomaly samples: ", np.where(anomalies))

# %%
anomalous_data_indices = []
for data_idx in range(TIME_STEPS - 1, len(df_test_value) - TIME_STEPS + 1):
    if np.all(anomalies[data_idx - TIME_STEPS + 1: data_idx]):
        anomalous_data_indices.append(data_idx)
print(anomalous_data_indices)
# the windows that contain the jump are flagged, and the windows far from it are not
assert anomalies[anomaly_start - 100: anomaly_start].all()
assert not anomalies[anomaly_start + 12: anomaly_start + 12 + 100].any()
assert anomalous_data_indices and all(anomaly_start <= i <= anomaly_start + 12 for i in anomalous_data_indices)
