"""keras.io example generative/lstm_character_level_text_generation ("Character-level text generation with
LSTM"), imports changed. Nietzsche's text cannot be downloaded here: a short made-up text of repeated
sentences stands in for it (so the network can learn it in a few epochs); 6 epochs of batches of 32, 60 characters generated."""
# %%
import io
import random

import numpy as np
import glassnet as keras
from glassnet import layers

# %%
sentences_pool = [
    "the will to power is the will to life. ",
    "what does not kill me makes me stronger. ",
    "he who has a why to live can bear almost any how. ",
    "without music, life would be a mistake. ",
]
rng = random.Random(0)
text = "".join(rng.choice(sentences_pool) for _ in range(60)).lower()
text = text.replace("\n", " ")  # We remove newlines chars for nicer display
print("Corpus length:", len(text))

chars = sorted(list(set(text)))
print("Total chars:", len(chars))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))

# cut the text in semi-redundant sequences of maxlen characters
maxlen = 40
step = 3
sentences = []
next_chars = []
for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i: i + maxlen])
    next_chars.append(text[i + maxlen])
print("Number of sequences:", len(sentences))

x = np.zeros((len(sentences), maxlen, len(chars)), dtype="bool")
y = np.zeros((len(sentences), len(chars)), dtype="bool")
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        x[i, t, char_indices[char]] = 1
    y[i, char_indices[next_chars[i]]] = 1

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(maxlen, len(chars))),
        layers.LSTM(128),
        layers.Dense(len(chars), activation="softmax"),
    ]
)
optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
model.compile(loss="categorical_crossentropy", optimizer=optimizer)
assert tuple(model.output_shape) == (None, len(chars))

# %%
def sample(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype("float64")
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)

# %%
epochs = 6
batch_size = 32  # 128 in the example, whose text is 250 times longer: more steps here
losses = []
generated_texts = {}

for epoch in range(epochs):
    history = model.fit(x, y, batch_size=batch_size, epochs=1)
    losses.append(history.history["loss"][0])
    print()
    print("Generating text after epoch: %d" % epoch)

    start_index = random.randint(0, len(text) - maxlen - 1)
    for diversity in [0.2, 0.5, 1.0, 1.2]:
        print("...Diversity:", diversity)

        generated = ""
        sentence = text[start_index: start_index + maxlen]
        print('...Generating with seed: "' + sentence + '"')

        for i in range(60):
            x_pred = np.zeros((1, maxlen, len(chars)))
            for t, char in enumerate(sentence):
                x_pred[0, t, char_indices[char]] = 1.0
            preds = model.predict(x_pred, verbose=0)[0]
            next_index = sample(preds, diversity)
            next_char = indices_char[next_index]
            sentence = sentence[1:] + next_char
            generated += next_char

        print("...Generated: ", generated)
        generated_texts[diversity] = generated
        print("-")

print(losses)
assert losses[-1] < losses[0] and losses[-1] < np.log(len(chars))  # better than a uniform guess
assert len(generated_texts[0.2]) == 60
# at low temperature the learnt text comes back: most generated words are words of the corpus
words = set(text.split())
generated_words = generated_texts[0.2].split()[1:-1]
assert sum(w in words for w in generated_words) >= 0.5 * len(generated_words)
