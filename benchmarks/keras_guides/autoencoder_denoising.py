"""keras.io example vision/autoencoder ("Convolutional autoencoder for image denoising"), imports changed,
local MNIST (1,000 train / 200 test digits), 2 epochs each; the matplotlib display is left out."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers


def preprocess(array):
    """Normalizes the supplied array and reshapes it."""
    array = array.astype("float32") / 255.0
    array = np.reshape(array, (len(array), 28, 28, 1))
    return array


def noise(array):
    """Adds random noise to each image in the supplied array."""
    noise_factor = 0.4
    noisy_array = array + noise_factor * np.random.normal(loc=0.0, scale=1.0, size=array.shape)
    return np.clip(noisy_array, 0.0, 1.0)

# %%
(train_data, _), (test_data, _) = keras.datasets.mnist.load_data()
train_data, test_data = train_data[:1000], test_data[:200]
train_data = preprocess(train_data)
test_data = preprocess(test_data)
noisy_train_data = noise(train_data)
noisy_test_data = noise(test_data)
assert noisy_train_data.shape == (1000, 28, 28, 1) and not np.allclose(noisy_train_data, train_data)

# %%
input = layers.Input(shape=(28, 28, 1))

# Encoder
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(input)
x = layers.MaxPooling2D((2, 2), padding="same")(x)
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(x)
x = layers.MaxPooling2D((2, 2), padding="same")(x)

# Decoder
x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
x = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)

autoencoder = keras.Model(input, x)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.summary()
assert tuple(autoencoder.output_shape) == (None, 28, 28, 1)

# %%
history = autoencoder.fit(
    x=train_data,
    y=train_data,
    epochs=2,
    batch_size=128,
    shuffle=True,
    validation_data=(test_data, test_data),
)
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["val_loss"][-1] < history.history["val_loss"][0]

# %%
predictions = autoencoder.predict(test_data)
assert predictions.shape == (200, 28, 28, 1)

# %%
before = autoencoder.evaluate(noisy_test_data, test_data, verbose=0)
history = autoencoder.fit(
    x=noisy_train_data,
    y=train_data,
    epochs=2,
    batch_size=32,  # 128 in the example, with 60 times more digits: more steps on this small sample
    shuffle=True,
    validation_data=(noisy_test_data, test_data),
)
assert history.history["loss"][-1] < history.history["loss"][0]
assert autoencoder.evaluate(noisy_test_data, test_data, verbose=0) < before

# %%
predictions = autoencoder.predict(noisy_test_data)
print("MSE denoised", np.mean((predictions - test_data) ** 2), "noisy", np.mean((noisy_test_data - test_data) ** 2))
# the denoised digits are closer to the clean ones than the noisy inputs were
assert np.mean((predictions - test_data) ** 2) < np.mean((noisy_test_data - test_data) ** 2)
