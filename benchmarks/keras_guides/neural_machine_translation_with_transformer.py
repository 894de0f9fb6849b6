"""keras.io example nlp/neural_machine_translation_with_transformer ("English-to-Spanish translation with a
sequence-to-sequence Transformer"), imports changed. The spa-eng pairs cannot be downloaded and
TextVectorization runs on tf.data: the "sentences" here are already integer tokens (0 = padding), and the
"translation" is the source sequence reversed, between [start] and [end] tokens. The model code is the
example's, shrunk (embed_dim 32, latent_dim 64, 2 heads, 2 epochs on 2,000 pairs)."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
vocab_size = 24          # 0 padding, 1 [start], 2 [end], 3..23 words
START, END = 1, 2
sequence_length = 10
batch_size = 64

rng = np.random.default_rng(0)


def make_pairs(n):
    source = np.zeros((n, sequence_length), "int64")
    target = np.zeros((n, sequence_length + 1), "int64")
    for k in range(n):
        length = rng.integers(3, sequence_length - 1)
        words = rng.integers(3, vocab_size, size=length)
        source[k, :length] = words
        target[k, :length + 2] = np.concatenate([[START], words[::-1], [END]])
    return source, target


def format_dataset(eng, spa):
    return ({"encoder_inputs": eng, "decoder_inputs": spa[:, :-1]}, spa[:, 1:])


train_pairs = make_pairs(2000)
val_pairs = make_pairs(200)
train_ds = format_dataset(*train_pairs)
val_ds = format_dataset(*val_pairs)
print(train_ds[0]["encoder_inputs"][0], train_ds[0]["decoder_inputs"][0], train_ds[1][0])

# %%
class TransformerEncoder(layers.Layer):
    def __init__(self, embed_dim, dense_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.embed_dim = embed_dim
        self.dense_dim = dense_dim
        self.num_heads = num_heads
        self.attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.dense_proj = keras.Sequential(
            [
                layers.Dense(dense_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm_1 = layers.LayerNormalization()
        self.layernorm_2 = layers.LayerNormalization()
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            padding_mask = ops.cast(mask[:, None, :], dtype="int32")
        else:
            padding_mask = None

        attention_output = self.attention(query=inputs, value=inputs, key=inputs, attention_mask=padding_mask)
        proj_input = self.layernorm_1(inputs + attention_output)
        proj_output = self.dense_proj(proj_input)
        return self.layernorm_2(proj_input + proj_output)

    def get_config(self):
        config = super().get_config()
        config.update({"embed_dim": self.embed_dim, "dense_dim": self.dense_dim, "num_heads": self.num_heads})
        return config


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_embeddings = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)
        self.sequence_length = sequence_length
        self.vocab_size = vocab_size
        self.embed_dim = embed_dim

    def call(self, inputs):
        length = ops.shape(inputs)[-1]
        positions = ops.arange(0, length, 1)
        embedded_tokens = self.token_embeddings(inputs)
        embedded_positions = self.position_embeddings(positions)
        return embedded_tokens + embedded_positions

    def compute_mask(self, inputs, mask=None):
        return ops.not_equal(inputs, 0)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"sequence_length": self.sequence_length, "vocab_size": self.vocab_size, "embed_dim": self.embed_dim}
        )
        return config


class TransformerDecoder(layers.Layer):
    def __init__(self, embed_dim, latent_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.embed_dim = embed_dim
        self.latent_dim = latent_dim
        self.num_heads = num_heads
        self.attention_1 = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.attention_2 = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.dense_proj = keras.Sequential(
            [
                layers.Dense(latent_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm_1 = layers.LayerNormalization()
        self.layernorm_2 = layers.LayerNormalization()
        self.layernorm_3 = layers.LayerNormalization()
        self.supports_masking = True

    def call(self, inputs, encoder_outputs, mask=None):
        causal_mask = self.get_causal_attention_mask(inputs)
        if mask is not None:
            padding_mask = ops.cast(mask[:, None, :], dtype="int32")
            padding_mask = ops.minimum(padding_mask, causal_mask)
        else:
            padding_mask = None

        attention_output_1 = self.attention_1(query=inputs, value=inputs, key=inputs, attention_mask=causal_mask)
        out_1 = self.layernorm_1(inputs + attention_output_1)

        attention_output_2 = self.attention_2(
            query=out_1,
            value=encoder_outputs,
            key=encoder_outputs,
            attention_mask=padding_mask,
        )
        out_2 = self.layernorm_2(out_1 + attention_output_2)

        proj_output = self.dense_proj(out_2)
        return self.layernorm_3(out_2 + proj_output)

    def get_causal_attention_mask(self, inputs):
        input_shape = ops.shape(inputs)
        batch_size, sequence_length = input_shape[0], input_shape[1]
        i = ops.arange(sequence_length)[:, None]
        j = ops.arange(sequence_length)
        mask = ops.cast(i >= j, dtype="int32")
        mask = ops.reshape(mask, (1, input_shape[1], input_shape[1]))
        mult = ops.concatenate(
            [ops.expand_dims(batch_size, -1), ops.convert_to_tensor([1, 1])],
            axis=0,
        )
        return ops.tile(mask, mult)

    def get_config(self):
        config = super().get_config()
        config.update({"embed_dim": self.embed_dim, "latent_dim": self.latent_dim, "num_heads": self.num_heads})
        return config

# %%
embed_dim = 32
latent_dim = 64
num_heads = 2

encoder_inputs = keras.Input(shape=(None,), dtype="int64", name="encoder_inputs")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(encoder_inputs)
encoder_outputs = TransformerEncoder(embed_dim, latent_dim, num_heads)(x)
encoder = keras.Model(encoder_inputs, encoder_outputs)
assert encoder_outputs._keras_mask is not None     # the padding mask travels on to the decoder

decoder_inputs = keras.Input(shape=(None,), dtype="int64", name="decoder_inputs")
encoded_seq_inputs = keras.Input(shape=(None, embed_dim), name="decoder_state_inputs")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(decoder_inputs)
x = TransformerDecoder(embed_dim, latent_dim, num_heads)(x, encoded_seq_inputs)
x = layers.Dropout(0.5)(x)
decoder_outputs = layers.Dense(vocab_size, activation="softmax")(x)
decoder = keras.Model([decoder_inputs, encoded_seq_inputs], decoder_outputs)

decoder_outputs = decoder([decoder_inputs, encoder_outputs])
transformer = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs, name="transformer")
assert tuple(transformer.output_shape) == (None, None, vocab_size)

# %%
epochs = 2  # This should be at least 30 for convergence

transformer.summary()
transformer.compile("rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = transformer.fit(train_ds[0], train_ds[1], batch_size=batch_size, epochs=epochs,
                          validation_data=val_ds)
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["val_accuracy"][-1] > 0.2   # a uniform guess among 24 tokens gets 0.04

# %%
max_decoded_sentence_length = sequence_length


def decode_sequence(input_sentence):
    tokenized_input_sentence = np.asarray(input_sentence)[None, :]
    decoded_sentence = [START]
    for i in range(max_decoded_sentence_length):
        tokenized_target_sentence = np.zeros((1, sequence_length), "int64")
        tokenized_target_sentence[0, :len(decoded_sentence)] = decoded_sentence
        predictions = transformer([tokenized_input_sentence, tokenized_target_sentence])
        sampled_token_index = int(ops.convert_to_numpy(ops.argmax(predictions[0, i, :])))
        decoded_sentence.append(sampled_token_index)
        if sampled_token_index == END:
            break
    return decoded_sentence


for source in val_pairs[0][:5]:
    translated = decode_sequence(source)
    print(source[source > 0], "->", translated)
    assert translated[0] == START and all(0 <= t < vocab_size for t in translated)
