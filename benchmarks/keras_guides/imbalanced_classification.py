"""keras.io example structured_data/imbalanced_classification ("Imbalanced classification: credit card
fraud detection"), imports changed. The Kaggle CSV cannot be downloaded here: 20,000 synthetic transactions
with 30 features, 1% of them fraudulent (shifted features), stand in for it; 4 epochs instead of 30."""
# %%
import numpy as np
import glassnet as keras

# %%
rng = np.random.default_rng(0)
n, n_features = 20000, 30
all_targets = (rng.random(n) < 0.01).astype("int64").reshape(-1, 1)
scales = rng.uniform(0.5, 50.0, size=n_features)
all_features = rng.normal(size=(n, n_features)) * scales
all_features[all_targets[:, 0] == 1, :6] += 1.0 * scales[:6]  # frauds: 1 standard deviation off in 6 features
all_features = all_features.astype("float32")
print("features.shape:", all_features.shape)
print("targets.shape:", all_targets.shape)

# %%
num_val_samples = int(len(all_features) * 0.2)
train_features = all_features[:-num_val_samples]
train_targets = all_targets[:-num_val_samples]
val_features = all_features[-num_val_samples:]
val_targets = all_targets[-num_val_samples:]

print("Number of training samples:", len(train_features))
print("Number of validation samples:", len(val_features))

# %%
counts = np.bincount(train_targets[:, 0])
print(
    "Number of positive samples in training data: {} ({:.2f}% of total)".format(
        counts[1], 100 * float(counts[1]) / len(train_targets)
    )
)

weight_for_0 = 1.0 / counts[0]
weight_for_1 = 1.0 / counts[1]

# %%
mean = np.mean(train_features, axis=0)
train_features -= mean
val_features -= mean
std = np.std(train_features, axis=0)
train_features /= std
val_features /= std

# %%
model = keras.Sequential(
    [
        keras.Input(shape=train_features.shape[1:]),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.summary()

# %%
metrics = [
    keras.metrics.FalseNegatives(name="fn"),
    keras.metrics.FalsePositives(name="fp"),
    keras.metrics.TrueNegatives(name="tn"),
    keras.metrics.TruePositives(name="tp"),
    keras.metrics.Precision(name="precision"),
    keras.metrics.Recall(name="recall"),
]

model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)

callbacks = [keras.callbacks.ModelCheckpoint("fraud_model_at_epoch_{epoch}.keras")]
class_weight = {0: weight_for_0, 1: weight_for_1}

history = model.fit(
    train_features,
    train_targets,
    batch_size=2048,
    epochs=4,
    verbose=2,
    callbacks=callbacks,
    validation_data=(val_features, val_targets),
    class_weight=class_weight,
)
logs = history.history
print({k: v[-1] for k, v in logs.items()})
assert logs["loss"][-1] < logs["loss"][0]
# the four counts add up to the validation set, and the class weights make the model find the frauds
last = {k: v[-1] for k, v in logs.items()}
assert last["val_fn"] + last["val_fp"] + last["val_tn"] + last["val_tp"] == len(val_targets)
assert last["val_recall"] > 0.7
assert last["val_fp"] < 0.5 * len(val_targets)
import os
assert os.path.exists("fraud_model_at_epoch_4.keras")
restored = keras.saving.load_model("fraud_model_at_epoch_4.keras")
np.testing.assert_allclose(restored.predict(val_features[:50]), model.predict(val_features[:50]), rtol=1e-5)
