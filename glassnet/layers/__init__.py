"""Keras-style layers: ``from glassnet import layers; layers.Dense(16, activation='relu')``."""
from glassnet.layers.keras_tensor import Input, KerasTensor
from glassnet.layers.layer import Layer, deserialize, register, serialize
from glassnet.layers.naming import clear_session
from glassnet.layers.core import Activation, Dense, Dropout, Flatten, InputLayer, Reshape
from glassnet.layers.merge import Add, Average, Concatenate, Multiply, Subtract, add, concatenate
