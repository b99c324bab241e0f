#!/usr/bin/env python3
"""Regenerates the Keras 3 fixtures of the keras3-* rules: real tensorflowjs 4.22 converter outputs.

usage: /work/venv-samples/bin/python Tests/TFJSLintKitTests/Fixtures/keras3/make_fixtures.py

The environment is the one of Samples/generate.py (tensorflow 2.21, keras 3, tensorflowjs 4.22 installed with
--no-deps and an empty `tensorflow_decision_forests` stand-in). Every fixture folder holds the converter's
model.json and shards exactly as written, the Keras inputs `input_<i>.npy` and the outputs Keras computes
for them, `output_<i>.npy` (float32, in the order of the model's outputs). Seeds are fixed.
"""
import os
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERTER = os.path.join(os.path.dirname(sys.executable), "tensorflowjs_converter")


def folder(name):
    path = os.path.join(HERE, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def goldens(model, out, inputs):
    outputs = model(inputs if len(inputs) > 1 else inputs[0], training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    for i, array in enumerate(inputs):
        np.save(os.path.join(out, f"input_{i}.npy"), array.astype(np.float32))
    for i, array in enumerate(outputs):
        np.save(os.path.join(out, f"output_{i}.npy"), np.asarray(array, dtype=np.float32))


def convert(model, name, inputs):
    """What Keras 3 users run: tensorflowjs.converters.save_keras_model."""
    import tensorflowjs as tfjs

    out = folder(name)
    tfjs.converters.save_keras_model(model, out)
    goldens(model, out, inputs)


def convert_dot_keras(model, name, inputs):
    """The `.keras` path: model.save("m.keras"), then tensorflowjs_converter --input_format=keras_keras."""
    out = folder(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.keras")
        model.save(path)
        subprocess.run([CONVERTER, "--input_format=keras_keras", "--output_format=tfjs_layers_model", path, out],
                       check=True)
    goldens(model, out, inputs)


def randomize_batchnorm(model, rng):
    for layer in model.layers:
        if layer.__class__.__name__ == "BatchNormalization":
            gamma, beta, mean, variance = layer.get_weights()
            layer.set_weights([rng.uniform(0.8, 1.2, gamma.shape), rng.normal(0, 0.1, beta.shape),
                               rng.normal(0, 0.1, mean.shape), rng.uniform(0.5, 1.5, variance.shape)])


def main():
    import keras
    from keras import layers, ops

    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)

    def normal(*shape):
        return rng.normal(0, 1, shape).astype(np.float32)

    # Sequential: the model-name prefix on every weight, and LeakyReLU's renamed slope (default and explicit).
    sequential = keras.Sequential([
        keras.Input((8,), name="features"),
        layers.Dense(12, name="hidden"),
        layers.LeakyReLU(negative_slope=0.3, name="leaky_default"),
        layers.Dense(6, name="narrow"),
        layers.LeakyReLU(negative_slope=0.1, name="leaky"),
        layers.Dense(3, name="scores"),
    ], name="sequential")
    convert(sequential, "sequential", [normal(4, 8)])

    # Functional, two inputs and two outputs: multi-input calls, a shared layer (node index 1), a call kwarg.
    a = keras.Input((6,), name="a")
    b = keras.Input((6,), name="b")
    shared = layers.Dense(5, activation="tanh", name="shared")
    sa, sb = shared(a), shared(b)
    joined = layers.Concatenate(name="joined")([sa, sb, a])
    summed = layers.Add(name="summed")([sa, sb])
    hidden = layers.Dense(8, activation="relu", name="hidden")(joined)
    hidden = layers.Dropout(0.5, name="dropout")(hidden, training=False)
    first = layers.Dense(2, name="first")(hidden)
    second = layers.Dense(3, activation="sigmoid", name="second")(layers.Concatenate(name="both")([hidden, summed]))
    multi = keras.Model([a, b], [first, second], name="multi_io")
    convert(multi, "functional-multi-io", [normal(3, 6), normal(3, 6)])

    # Nested models: a Functional and a Sequential used as layers of a Functional model.
    inner_in = keras.Input((6,), name="inner_in")
    inner = keras.Model(inner_in, layers.Dense(5, activation="relu", name="inner_dense")(inner_in), name="inner")
    inner_seq = keras.Sequential([keras.Input((5,), name="seq_in"), layers.Dense(4, name="seq_dense")], name="inner_seq")
    outer_in = keras.Input((6,), name="outer_in")
    y = inner_seq(inner(outer_in))
    nested = keras.Model(outer_in, layers.Dense(2, name="outer_dense")(y), name="outer")
    convert(nested, "nested", [normal(3, 6)])

    # Recurrent: LSTM (cell weight names) and a GRU TF.js can run (reset_after=False).
    series = keras.Input((5, 3), name="series")
    r = layers.LSTM(6, return_sequences=True, name="lstm")(series)
    r = layers.GRU(4, reset_after=False, name="gru")(r)
    rnn = keras.Model(series, layers.Dense(2, name="out")(r), name="rnn")
    convert(rnn, "lstm", [normal(2, 5, 3)])

    # Bidirectional(LSTM): Keras 3 names the wrapped layer forward_lstm; TF.js prefixes it again.
    tokens = keras.Input((7, 4), name="tokens")
    bi = layers.Bidirectional(layers.LSTM(3, name="lstm"), name="bidirectional")(tokens)
    bidirectional = keras.Model(tokens, layers.Dense(2, name="head")(bi), name="birnn")
    convert(bidirectional, "bidirectional", [normal(2, 7, 4)])

    # DepthwiseConv2D (its kernel is `kernel` in Keras 3) with BatchNormalization.
    pixels = keras.Input((8, 8, 3), name="pixels")
    x = layers.Conv2D(4, 3, padding="same", name="conv")(pixels)
    x = layers.DepthwiseConv2D(3, padding="same", depth_multiplier=2, name="dw")(x)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.ReLU(6.0, name="relu6")(x)
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    depthwise = keras.Model(pixels, layers.Dense(3, name="logits")(x), name="depthwise")
    randomize_batchnorm(depthwise, rng)
    convert(depthwise, "depthwise", [normal(2, 8, 8, 3)])

    # keras.ops on a tensor and a constant, and ops.add on two tensors.
    values = keras.Input((4,), name="values")
    other = keras.Input((4,), name="other")
    h = layers.Dense(4, name="dense")(values)
    plus = h + 3.0
    twice = plus * 2
    flipped = 1.5 - twice
    halved = flipped / 2
    both = ops.add(halved, other)
    ops_model = keras.Model([values, other], layers.Dense(2, name="out")(both), name="ops")
    convert(ops_model, "ops", [normal(3, 4), normal(3, 4)])

    # A MobileNetV3 block: hard_swish (Keras 3 writes "hard_silu") and a squeeze-excite gate built from ops.
    image = keras.Input((8, 8, 3), name="image")
    x = layers.Conv2D(8, 3, padding="same", name="stem")(image)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.Activation("hard_swish", name="stem_act")(x)
    gate = layers.GlobalAveragePooling2D(keepdims=True, name="se_pool")(x)
    gate = layers.Conv2D(4, 1, activation="relu", name="se_reduce")(gate)
    gate = layers.Conv2D(8, 1, name="se_expand")(gate)
    gate = layers.ReLU(6.0, name="se_relu6")(gate + 3.0) * (1.0 / 6.0)
    x = layers.Multiply(name="se_mul")([x, gate])
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    block = keras.Model(image, layers.Dense(3, name="logits")(x), name="mnv3_block")
    randomize_batchnorm(block, rng)
    convert(block, "mobilenetv3-block", [rng.uniform(-3, 3, (2, 8, 8, 3)).astype(np.float32)])

    # The `.keras` converter path: weight names `layers/<auto name>/vars/<i>`.
    plain_in = keras.Input((5,), name="plain_in")
    p = layers.Dense(4, activation="relu", name="first_dense")(plain_in)
    p = layers.Dense(3, name="second_dense")(p)
    convert_dot_keras(keras.Model(plain_in, p, name="plain"), "dot-keras", [normal(2, 5)])


if __name__ == "__main__":
    main()
