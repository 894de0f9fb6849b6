"""Automatic layer names: Keras's snake_case of the class name, numbered per kind."""
import pytest

from glassnet import layers
from glassnet.layers.naming import snake_case, unique_name


@pytest.mark.parametrize("cls, expected", [(layers.Dense, "dense"), (layers.MaxPooling2D, "max_pooling2d"),
                                           (layers.BatchNormalization, "batch_normalization"),
                                           (layers.LSTMCell, "lstm_cell"), (layers.Conv2DTranspose, "conv2d_transpose"),
                                           (layers.SimpleRNN, "simple_rnn"), (layers.GRU, "gru"),
                                           (layers.MultiHeadAttention, "multi_head_attention")])
def test_snake_case_gives_keras_default_layer_names(cls, expected):
    assert snake_case(cls.__name__) == expected


def test_unique_names_count_per_prefix_and_start_over_after_clear_session():
    layers.clear_session()
    assert [unique_name("probe"), unique_name("probe"), unique_name("other"), unique_name("probe")] == \
        ["probe", "probe_1", "other", "probe_2"]
    layers.clear_session()
    assert unique_name("probe") == "probe"
