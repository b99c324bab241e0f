#!/usr/bin/env python3
"""Writes the real converter outputs under converted/: tf_keras 2.21 and Keras 3.15 layers models
(tensorflowjs.converters.save_keras_model) and graph models (tensorflowjs_converter --input_format=tf_saved_model),
all converted by tensorflowjs 4.22 with TensorFlow 2.21. Needs a venv with tensorflow-cpu 2.21, tf-keras 2.21 and
tensorflowjs 4.22 (plus jax, tensorflow-hub, and an empty tensorflow_decision_forests package it imports):

  python convert_fixtures.py tf_keras converted/tf_keras
  python convert_fixtures.py keras3 converted/keras3
  python convert_fixtures.py graph converted/graph

--with-applications adds keras.applications.MobileNetV2 (alpha 0.35, 32x32): checked, but its 1.7 MB of
weights are not committed.
"""
import os
import subprocess
import sys
import tempfile

KIND, OUT = sys.argv[1], os.path.abspath(sys.argv[2])
if KIND in ("tf_keras", "graph"):
    os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tensorflowjs as tfjs  # noqa: E402

if KIND == "keras3":
    import keras  # noqa: E402
else:
    import tf_keras as keras  # noqa: E402

L = keras.layers


def seq(input_shape, *layers):
    return keras.Sequential([keras.Input(shape=input_shape)] + list(layers))


def subtract():
    a, b = keras.Input((2,)), keras.Input((2,))
    return keras.Model([a, b], L.Subtract()([a, b]))


LAYERS_MODELS = {
    "dense_relu": lambda: seq((4,), L.Dense(3, activation="relu"), L.Dense(2, activation="softmax")),
    "swish": lambda: seq((4,), L.Dense(3, activation="swish")),
    "gelu": lambda: seq((4,), L.Dense(3, activation="gelu")),
    "leaky_relu_act": lambda: seq((4,), L.Dense(3, activation="leaky_relu")),
    "hard_sigmoid": lambda: seq((4,), L.Dense(3, activation="hard_sigmoid")),
    "lecun_normal": lambda: seq((4,), L.Dense(3, kernel_initializer="lecun_normal")),
    "l2": lambda: seq((4,), L.Dense(3, kernel_regularizer=keras.regularizers.l2(0.01))),
    "l1l2": lambda: seq((4,), L.Dense(3, kernel_regularizer=keras.regularizers.L1L2(l1=0.0, l2=0.01))),
    "maxnorm": lambda: seq((4,), L.Dense(3, kernel_constraint=keras.constraints.MaxNorm(2.0))),
    "gru_default": lambda: seq((5, 2), L.GRU(3)),
    "gru_reset_before": lambda: seq((5, 2), L.GRU(3, reset_after=False)),
    "lstm": lambda: seq((5, 2), L.LSTM(3)),
    "bidirectional_lstm": lambda: seq((5, 2), L.Bidirectional(L.LSTM(3))),
    "simple_rnn_embedding": lambda: seq((6,), L.Embedding(10, 4), L.SimpleRNN(2)),
    "time_distributed": lambda: seq((5, 3), L.TimeDistributed(L.Dense(2))),
    "conv_bn_dw_sep": lambda: seq((8, 8, 3), L.Conv2D(4, 3, padding="same"), L.BatchNormalization(),
                                  L.DepthwiseConv2D(3, padding="same"), L.SeparableConv2D(4, 3), L.Conv2DTranspose(2, 3),
                                  L.GlobalAveragePooling2D(), L.Dense(2)),
    "separable_only": lambda: seq((8, 8, 3), L.SeparableConv2D(4, 3)),
    "conv1d_causal": lambda: seq((6, 2), L.Conv1D(2, 2, padding="causal")),
    "layer_norm_prelu": lambda: seq((4,), L.Dense(3), L.LayerNormalization(), L.PReLU()),
    "relu_leaky": lambda: seq((4,), L.Dense(3), L.ReLU(negative_slope=0.1)),
    "elu_layer": lambda: seq((4,), L.Dense(3), L.ELU(alpha=0.5)),
    "rescaling": lambda: seq((8, 8, 3), L.Rescaling(1 / 255.0), L.Conv2D(2, 3)),
    "center_crop": lambda: seq((8, 8, 3), L.CenterCrop(4, 4)),
    "resizing": lambda: seq((8, 8, 3), L.Resizing(4, 4)),
    "normalization": lambda: seq((4,), L.Normalization(mean=0.0, variance=1.0)),
    "lambda": lambda: seq((4,), L.Lambda(lambda x: x * 2)),
    "random_flip": lambda: seq((8, 8, 3), L.RandomFlip()),
    "subtract": subtract,
}
if "--with-applications" in sys.argv:
    LAYERS_MODELS["mobilenet_v2"] = lambda: keras.applications.MobileNetV2(
        input_shape=(32, 32, 3), alpha=0.35, weights=None, classes=3)


def layers_models():
    for name, make in LAYERS_MODELS.items():
        model = make()
        for weight in model.weights:  # deterministic, non-trivial values
            weight.assign(np.random.RandomState(len(weight.name)).uniform(-0.5, 0.5, weight.shape).astype("float32"))
        tfjs.converters.save_keras_model(model, os.path.join(OUT, name))


def convert(name, saved_model, *flags):
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "tensorflowjs_converter"),
                    "--input_format=tf_saved_model", *flags, saved_model, os.path.join(OUT, name)], check=True)


def graph_models(temp):
    def function(name, fn, spec, *flags):
        module = tf.Module()
        module.f = tf.function(fn, input_signature=spec)
        path = os.path.join(temp, name)
        tf.saved_model.save(module, path, signatures=module.f)
        convert(name, path, *flags)

    kernel = tf.constant(np.random.RandomState(0).uniform(-1, 1, (4, 4)).astype("float32"))
    function("graph_matmul_relu", lambda x: tf.nn.relu(tf.matmul(x, kernel)), [tf.TensorSpec([None, 4])])
    function("graph_matrix_inverse", lambda x: tf.linalg.inv(tf.matmul(x, kernel)), [tf.TensorSpec([4, 4])],
             "--skip_op_check")
    function("graph_where", lambda x: tf.cast(tf.where(x > 0), tf.float32), [tf.TensorSpec([None, 4])])
    function("graph_ragged", lambda x: tf.RaggedTensor.from_row_lengths(tf.reshape(x, [-1]), [1, 3]).to_tensor(),
             [tf.TensorSpec([4])])

    class Table(tf.Module):
        def __init__(self):
            self.table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def f(self, x):
            return self.table.lookup(x)

    table = Table()
    tf.saved_model.save(table, os.path.join(temp, "table"), signatures=table.f)
    convert("graph_hash_table", os.path.join(temp, "table"))

    lstm = keras.Sequential([keras.Input((5, 2)), L.LSTM(3)])
    lstm.save(os.path.join(temp, "lstm"), save_format="tf")
    convert("graph_lstm", os.path.join(temp, "lstm"))
    conv = keras.Sequential([keras.Input((8, 8, 3)), L.Conv2D(4, 3, activation="relu"), L.DepthwiseConv2D(3),
                             L.BatchNormalization(), L.GlobalAveragePooling2D(), L.Dense(2, activation="softmax")])
    for weight in conv.weights:
        weight.assign(np.random.RandomState(3).uniform(0.1, 0.5, weight.shape).astype("float32"))
    conv.save(os.path.join(temp, "conv"), save_format="tf")
    convert("graph_conv", os.path.join(temp, "conv"))


if __name__ == "__main__":
    if KIND == "graph":
        with tempfile.TemporaryDirectory() as directory:
            graph_models(directory)
    else:
        layers_models()
