"""keras.io example generative/dcgan_overriding_train_step ("DCGAN to generate face images"), imports
changed. CelebA cannot be downloaded here: MNIST digits padded to 32×32 stand in for the 64×64 faces, so
the two networks are the example's with one strided block less and a quarter of the filters; 256 images,
1 epoch. The GradientTapes of train_step become glassnet's ``loss.backward()``; the callback that saves
PNG files keeps its images in memory."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
(x_train, _), _ = keras.datasets.mnist.load_data()
dataset = np.pad(x_train[:256], ((0, 0), (2, 2), (2, 2)))[..., None].astype("float32") / 255.0
assert dataset.shape == (256, 32, 32, 1)

# %%
discriminator = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 1)),
        layers.Conv2D(16, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(32, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Flatten(),
        layers.Dropout(0.2),
        layers.Dense(1, activation="sigmoid"),
    ],
    name="discriminator",
)
discriminator.summary()

# %%
latent_dim = 32

generator = keras.Sequential(
    [
        keras.Input(shape=(latent_dim,)),
        layers.Dense(8 * 8 * 32),
        layers.Reshape((8, 8, 32)),
        layers.Conv2DTranspose(32, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2DTranspose(64, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(1, kernel_size=5, padding="same", activation="sigmoid"),
    ],
    name="generator",
)
generator.summary()
assert tuple(generator.output_shape) == (None, 32, 32, 1)

# %%
class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(1337)

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn
        self.d_loss_metric = keras.metrics.Mean(name="d_loss")
        self.g_loss_metric = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_metric, self.g_loss_metric]

    def train_step(self, real_images):
        # Sample random points in the latent space
        batch_size = ops.shape(real_images)[0]
        random_latent_vectors = keras.random.normal(shape=(batch_size, self.latent_dim), seed=self.seed_generator)

        # Decode them to fake images
        generated_images = self.generator(random_latent_vectors)

        # Combine them with real images
        combined_images = ops.concatenate([generated_images, real_images], axis=0)

        # Assemble labels discriminating real from fake images
        labels = ops.concatenate([ops.ones((batch_size, 1)), ops.zeros((batch_size, 1))], axis=0)
        # Add random noise to the labels - important trick!
        labels += 0.05 * keras.random.uniform(ops.shape(labels), seed=self.seed_generator)

        # Train the discriminator
        predictions = self.discriminator(combined_images)
        d_loss = self.loss_fn(labels, predictions)
        d_loss.backward()
        grads = [w.grad for w in self.discriminator.trainable_weights]
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        # Sample random points in the latent space
        random_latent_vectors = keras.random.normal(shape=(batch_size, self.latent_dim), seed=self.seed_generator)

        # Assemble labels that say "all real images"
        misleading_labels = ops.zeros((batch_size, 1))

        # Train the generator (note that we should *not* update the weights of the discriminator)!
        predictions = self.discriminator(self.generator(random_latent_vectors))
        g_loss = self.loss_fn(misleading_labels, predictions)
        g_loss.backward()
        grads = [w.grad for w in self.generator.trainable_weights]
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        # Update metrics
        self.d_loss_metric.update_state(d_loss)
        self.g_loss_metric.update_state(g_loss)
        return {"d_loss": self.d_loss_metric.result(), "g_loss": self.g_loss_metric.result()}

# %%
class GANMonitor(keras.callbacks.Callback):
    def __init__(self, num_img=3, latent_dim=128):
        self.num_img = num_img
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(42)
        self.images = []

    def on_epoch_end(self, epoch, logs=None):
        random_latent_vectors = keras.random.normal(shape=(self.num_img, self.latent_dim), seed=self.seed_generator)
        generated_images = self.model.generator(random_latent_vectors)
        generated_images *= 255
        generated_images = np.asarray(generated_images)
        for i in range(self.num_img):
            self.images.append(generated_images[i])  # keras.utils.array_to_img(...).save(...) in the example

# %%
epochs = 1  # In practice, use ~100 epochs

gan = GAN(discriminator=discriminator, generator=generator, latent_dim=latent_dim)
gan.compile(
    d_optimizer=keras.optimizers.Adam(learning_rate=0.0001),
    g_optimizer=keras.optimizers.Adam(learning_rate=0.0001),
    loss_fn=keras.losses.BinaryCrossentropy(),
)
d_before = [w.copy() for w in discriminator.get_weights()]
g_before = [w.copy() for w in generator.get_weights()]
monitor = GANMonitor(num_img=3, latent_dim=latent_dim)
history = gan.fit(dataset, batch_size=32, epochs=epochs, callbacks=[monitor])
print(history.history)
assert np.isfinite(history.history["d_loss"][0]) and np.isfinite(history.history["g_loss"][0])
# both networks were trained, each by its own optimizer
assert all(not np.array_equal(a, b) for a, b in zip(d_before, discriminator.get_weights()))
assert all(not np.array_equal(a, b) for a, b in zip(g_before, generator.get_weights()))
assert len(monitor.images) == 3 and monitor.images[0].shape == (32, 32, 1)
# the discriminator learnt something: real digits score lower ("real" is label 0) than fresh fakes
fakes = generator.predict(np.random.normal(size=(64, latent_dim)), verbose=0)
assert discriminator.predict(dataset[:64], verbose=0).mean() < discriminator.predict(fakes, verbose=0).mean()
