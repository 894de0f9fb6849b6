"""Keras-style layers: ``from glassnet import layers; layers.Dense(16, activation='relu')``."""
from glassnet.layers.keras_tensor import Input, KerasTensor
from glassnet.layers.layer import Layer
from glassnet.layers.serialization import deserialize, register, serialize
from glassnet.layers.naming import clear_session
from glassnet.layers.core import Activation, Dense, Dropout, Flatten, InputLayer, Reshape
from glassnet.layers.merge import Add, Average, Concatenate, Multiply, Subtract, add, concatenate
from glassnet.layers.activation_layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from glassnet.layers.group_normalization import GroupNormalization, UnitNormalization
from glassnet.layers.dot_attention import AdditiveAttention, Attention
from glassnet.layers.index_lookup import IntegerLookup, StringLookup
from glassnet.layers.text_vectorization import TextVectorization
from glassnet.layers.category_encoding import CategoryEncoding, Discretization, Hashing
from glassnet.layers.image_preprocessing import CenterCrop, RandomBrightness, RandomContrast, RandomCrop, Resizing
from glassnet.layers.conv import Conv1D, Conv2D
from glassnet.layers.pooling import (AveragePooling1D, AveragePooling2D, AvgPool1D, AvgPool2D, GlobalAveragePooling1D,
                                     GlobalAveragePooling2D, GlobalAvgPool1D, GlobalAvgPool2D, GlobalMaxPool1D,
                                     GlobalMaxPool2D, GlobalMaxPooling1D, GlobalMaxPooling2D, MaxPool1D, MaxPool2D,
                                     MaxPooling1D, MaxPooling2D)
from glassnet.layers.padding import ZeroPadding2D
from glassnet.layers.normalization import BatchNormalization
from glassnet.layers.merge import Maximum, Minimum, average, maximum, minimum, multiply, subtract
from glassnet.layers.dot import Dot, dot
from glassnet.layers.preprocessing import Normalization, Rescaling
from glassnet.layers.regularization import (ActivityRegularization, GaussianDropout, GaussianNoise, SpatialDropout1D,
                                            SpatialDropout2D)
from glassnet.layers.reshaping_layers import Cropping1D, Cropping2D, Identity, Permute, ZeroPadding1D
from glassnet.layers.lambda_layer import Lambda
from glassnet.layers.layer_normalization import LayerNormalization
from glassnet.layers.attention import MultiHeadAttention
from glassnet.layers.symbolic_op import OpLayer

from glassnet.layers.embedding import Embedding, Masking
from glassnet.layers.recurrent import SimpleRNN
from glassnet.layers.lstm import LSTM
from glassnet.layers.gru import GRU
from glassnet.layers.wrappers import Bidirectional, TimeDistributed
from glassnet.layers.upsampling import RepeatVector, UpSampling1D, UpSampling2D
from glassnet.layers.conv_transpose import Conv1DTranspose, Conv2DTranspose
from glassnet.layers.rnn_cells import GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells
from glassnet.layers.rnn import RNN
from glassnet.layers.augmentation import RandomFlip, RandomRotation, RandomTranslation, RandomZoom
from glassnet.layers.separable_conv import SeparableConv2D


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.layers", name, globals())
