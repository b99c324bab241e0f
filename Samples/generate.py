#!/usr/bin/env python3
"""Regenerates Samples/: real tensorflowjs_converter 4.22 outputs with golden tensors, and broken copies.

Setup (outside the repository; Python 3.11):
    python3 -m venv /tmp/venv-samples
    /tmp/venv-samples/bin/pip install -r Samples/requirements.txt
    /tmp/venv-samples/bin/pip install --no-deps tensorflowjs==4.22.0
    /tmp/venv-samples/bin/python Samples/generate.py

tensorflowjs 4.22 imports `tensorflow_decision_forests` at import time, which has no build for TF 2.21;
this script installs an empty stand-in package of that name into the running environment first.

Keras 3 (the default with TF 2.21) writes the layers models TF.js 4.22 cannot load; the tf_keras samples
are built in a subprocess with TF_USE_LEGACY_KERAS=1. Seeds are fixed; BatchNormalization layers get
random moving statistics and classifiers output logits, so outputs depend on every weight.
"""
import json
import os
import shutil
import site
import struct
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)
CONVERTER = os.path.join(BIN, "tensorflowjs_converter")


def ensure_decision_forests_stand_in():
    for root in site.getsitepackages():
        package = os.path.join(root, "tensorflow_decision_forests")
        if os.path.isdir(root) and not os.path.exists(package):
            os.makedirs(package)
            with open(os.path.join(package, "__init__.py"), "w") as f:
                f.write("# Empty stand-in: tensorflowjs imports this package but never uses it here.\n")
        return


def save_npz_and_npy(folder, prefix, named):
    """named: list of (name, array) in model order."""
    np.savez(os.path.join(folder, f"{prefix}s.npz"), **{name: arr for name, arr in named})
    for i, (_, arr) in enumerate(named):
        np.save(os.path.join(folder, f"{prefix}_{i}.npy"), arr)


def randomize_batchnorm(model, rng):
    for layer in model.layers:
        if hasattr(layer, "layers"):
            randomize_batchnorm(layer, rng)
        if layer.__class__.__name__ == "BatchNormalization":
            weights = layer.get_weights()
            # gamma, beta, moving_mean, moving_variance (gamma/beta may be absent)
            new = []
            for w, name in zip(weights, [v.name for v in layer.weights]):
                if "moving_variance" in name:
                    new.append(rng.uniform(0.5, 1.5, w.shape).astype(np.float32))
                elif "moving_mean" in name:
                    new.append(rng.normal(0.0, 0.1, w.shape).astype(np.float32))
                elif "gamma" in name:
                    new.append(rng.uniform(0.8, 1.2, w.shape).astype(np.float32))
                else:
                    new.append(rng.normal(0.0, 0.05, w.shape).astype(np.float32))
            layer.set_weights(new)


def convert_layers(model, out):
    """Converts through an HDF5 file with the CLI, as users do."""
    with tempfile.TemporaryDirectory() as tmp:
        h5 = os.path.join(tmp, "model.h5")
        model.save(h5)
        run([CONVERTER, "--input_format=keras", "--output_format=tfjs_layers_model", h5, out])


def run(args, env=None):
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, env=env)


def layers_goldens(model, out, inputs):
    names_in = [t.name.split(":")[0] for t in model.inputs]
    outputs = model(inputs if len(inputs) > 1 else inputs[0], training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    topology = json.load(open(os.path.join(out, "model.json")))["modelTopology"]
    config = topology.get("model_config", topology)["config"]
    out_layers = config.get("output_layers") if isinstance(config, dict) else None
    if out_layers and isinstance(out_layers[0], list):
        names_out = [entry[0] for entry in out_layers]
    elif out_layers:
        names_out = [out_layers[i] for i in range(0, len(out_layers), 3)]
    else:
        names_out = [model.layers[-1].name]
    in_layers = config.get("input_layers") if isinstance(config, dict) else None
    if in_layers and isinstance(in_layers[0], list):
        names_in = [entry[0] for entry in in_layers]
    elif in_layers:
        names_in = [in_layers[i] for i in range(0, len(in_layers), 3)]
    save_npz_and_npy(out, "input", list(zip(names_in, inputs)))
    save_npz_and_npy(out, "output", [(n, np.asarray(o, dtype=np.float32)) for n, o in zip(names_out, outputs)])


def sample(name):
    """A fresh, empty path for a sample folder."""
    path = os.path.join(HERE, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def multi_io_model(keras):
    """Two inputs, Concatenate, a shared Dense, two heads: the same model in Keras 3 and in tf_keras."""
    a = keras.Input((6,), name="a")
    b = keras.Input((4,), name="b")
    joined = keras.layers.Concatenate(name="joined")([a, b])
    h = keras.layers.Dense(12, activation="tanh", name="shared")(joined)
    y1 = keras.layers.Dense(2, name="head_one")(h)
    y2 = keras.layers.Dense(3, activation="sigmoid", name="head_two")(h)
    return keras.Model([a, b], [y1, y2], name="multiio")


def multi_io_inputs(rng):
    return [rng.normal(0, 1, (3, 6)).astype(np.float32), rng.normal(0, 1, (3, 4)).astype(np.float32)]


# ---------------------------------------------------------------------------------------------------
# Keras 3 part


def keras3_part():
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(7)

    def convert_keras3(model, out):
        import tensorflowjs as tfjs

        tfjs.converters.save_keras_model(model, out)

    # MobileNetV2 graph models (plain, uint8, float16) from model.export().
    mnv2 = keras.applications.MobileNetV2(
        input_shape=(96, 96, 3), alpha=0.35, weights=None, classes=10, classifier_activation=None)
    randomize_batchnorm(mnv2, rng)
    image = rng.uniform(-1, 1, (1, 96, 96, 3)).astype(np.float32)
    expected = mnv2(image, training=False).numpy()
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, "saved")
        mnv2.export(saved)
        for suffix, flags in [("", []), ("-uint8", ["--quantize_uint8=*"]), ("-float16", ["--quantize_float16=*"])]:
            out = sample("mobilenetv2-graph" + suffix)
            run([CONVERTER, "--input_format=tf_saved_model", "--output_format=tfjs_graph_model", *flags, saved, out])
            signature = json.load(open(os.path.join(out, "model.json")))["signature"]
            save_npz_and_npy(out, "input", [(next(iter(signature["inputs"])), image)])
            save_npz_and_npy(out, "output", [(next(iter(signature["outputs"])), expected)])

    # A small conv net as a graph model: the base of the broken graph copies.
    inp = keras.Input((16, 16, 3), name="image")
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu", name="conv")(inp)
    x = keras.layers.DepthwiseConv2D(3, strides=2, padding="same", name="dw")(x)
    x = keras.layers.BatchNormalization(name="bn")(x)
    x = keras.layers.ReLU(max_value=6.0, name="relu6")(x)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    x = keras.layers.Dense(4, name="logits")(x)
    convnet = keras.Model(inp, x, name="convnet")
    randomize_batchnorm(convnet, rng)
    small = rng.uniform(-1, 1, (2, 16, 16, 3)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, "saved")
        convnet.export(saved)
        out = sample("convnet-graph")
        run([CONVERTER, "--input_format=tf_saved_model", "--output_format=tfjs_graph_model", saved, out])
        signature = json.load(open(os.path.join(out, "model.json")))["signature"]
        save_npz_and_npy(out, "input", [(next(iter(signature["inputs"])), small)])
        save_npz_and_npy(out, "output", [(next(iter(signature["outputs"])), convnet(small, training=False).numpy())])

    # MobileNetV3Small as a Keras 3 layers model (TF.js 4.22 cannot load it as converted).
    mnv3 = keras.applications.MobileNetV3Small(
        input_shape=(96, 96, 3), alpha=0.75, minimalistic=False, weights=None, classes=10,
        classifier_activation=None, include_preprocessing=True)
    randomize_batchnorm(mnv3, rng)
    out = sample("mobilenetv3small-keras3")
    convert_keras3(mnv3, out)
    layers_goldens(mnv3, out, [rng.uniform(0, 255, (1, 96, 96, 3)).astype(np.float32)])

    # Small Keras 3 models.
    seq = keras.Sequential(
        [keras.Input((8,), name="features"), keras.layers.Dense(16, name="hidden"),
         keras.layers.LeakyReLU(negative_slope=0.2, name="leaky"), keras.layers.Dense(3, name="scores")],
        name="sequential")
    out = sample("sequential-keras3")
    convert_keras3(seq, out)
    layers_goldens(seq, out, [rng.normal(0, 1, (4, 8)).astype(np.float32)])

    multi = multi_io_model(keras)
    out = sample("functional-multiio-keras3")
    convert_keras3(multi, out)
    layers_goldens(multi, out, multi_io_inputs(rng))

    seq_in = keras.Input((5, 3), name="series")
    r = keras.layers.LSTM(6, return_sequences=True, name="lstm")(seq_in)
    r = keras.layers.GRU(4, name="gru")(r)
    r = keras.layers.Dense(2, name="out")(r)
    rnn = keras.Model(seq_in, r, name="rnn")
    out = sample("lstm-gru-keras3")
    convert_keras3(rnn, out)
    layers_goldens(rnn, out, [rng.normal(0, 1, (2, 5, 3)).astype(np.float32)])


    # Keras 3 models for the keras3-* rules: a nested model, Bidirectional(LSTM), DepthwiseConv2D and keras.ops.
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(7)
    inner_in = keras.Input((6,), name="inner_in")
    inner = keras.Model(inner_in, keras.layers.Dense(5, activation="relu", name="inner_dense")(inner_in), name="inner")
    outer_in = keras.Input((6,), name="outer_in")
    nested = keras.Model(outer_in, keras.layers.Dense(2, name="outer_dense")(inner(outer_in)), name="outer")
    out = sample("nested-keras3")
    convert_keras3(nested, out)
    layers_goldens(nested, out, [rng.normal(0, 1, (3, 6)).astype(np.float32)])

    bi_in = keras.Input((7, 4), name="tokens")
    bi = keras.layers.Bidirectional(keras.layers.LSTM(3, name="lstm"), name="bidirectional")(bi_in)
    bidirectional = keras.Model(bi_in, keras.layers.Dense(2, name="head")(bi), name="birnn")
    out = sample("bidirectional-lstm-keras3")
    convert_keras3(bidirectional, out)
    layers_goldens(bidirectional, out, [rng.normal(0, 1, (2, 7, 4)).astype(np.float32)])

    ops_in = keras.Input((10, 10, 3), name="pixels")
    y = keras.layers.DepthwiseConv2D(3, padding="same", name="dw")(ops_in)
    y = y * 0.5
    y = y + 3.0
    y = keras.layers.LeakyReLU(negative_slope=0.1, name="leaky")(y)
    y = keras.layers.GlobalAveragePooling2D(name="pool")(y)
    ops = keras.Model(ops_in, keras.layers.Dense(3, name="logits")(y), name="ops")
    out = sample("depthwise-ops-keras3")
    convert_keras3(ops, out)
    layers_goldens(ops, out, [rng.normal(0, 1, (2, 10, 10, 3)).astype(np.float32)])


# ---------------------------------------------------------------------------------------------------
# tf_keras part (TF_USE_LEGACY_KERAS=1)


def tfkeras_part():
    import tf_keras as keras

    keras.utils.set_random_seed(11)
    rng = np.random.default_rng(11)

    mnv2 = keras.applications.MobileNetV2(
        input_shape=(96, 96, 3), alpha=0.35, weights=None, classes=10, classifier_activation=None)
    randomize_batchnorm(mnv2, rng)
    out = sample("mobilenetv2-layers-tfkeras")
    convert_layers(mnv2, out)
    layers_goldens(mnv2, out, [rng.uniform(-1, 1, (1, 96, 96, 3)).astype(np.float32)])

    seq = keras.Sequential(
        [keras.layers.Dense(16, input_shape=(8,), name="hidden"), keras.layers.LeakyReLU(alpha=0.2, name="leaky"),
         keras.layers.Dense(3, name="scores")], name="sequential")
    out = sample("sequential-tfkeras")
    convert_layers(seq, out)
    layers_goldens(seq, out, [rng.normal(0, 1, (4, 8)).astype(np.float32)])

    multi = multi_io_model(keras)
    out = sample("functional-multiio-tfkeras")
    convert_layers(multi, out)
    layers_goldens(multi, out, multi_io_inputs(rng))


# ---------------------------------------------------------------------------------------------------
# Broken copies


def broken(rule, source, note, damage):
    out = os.path.join(HERE, "broken", rule)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, source), out, ignore=shutil.ignore_patterns("*.npy", "*.npz"))
    damage(out)
    with open(os.path.join(out, "BROKEN.md"), "w") as f:
        f.write(f"Copy of `{source}`: {note}\n")


def edit_json(folder, change):
    path = os.path.join(folder, "model.json")
    with open(path) as f:
        model = json.load(f)
    change(model)
    with open(path, "w") as f:
        json.dump(model, f)


def make_broken():
    def truncate_json(folder):
        path = os.path.join(folder, "model.json")
        text = open(path).read()
        open(path, "w").write(text[: len(text) * 2 // 3])

    broken("invalid-json", "sequential-tfkeras", "model.json cut off at two thirds of its length.", truncate_json)

    def unknown_format(model):
        del model["format"]
        model["modelTopology"] = {"keras_version": model["modelTopology"].get("keras_version"), "graph": []}

    broken("unknown-format", "sequential-tfkeras", "`format` removed and modelTopology replaced by an unknown object.",
           lambda d: edit_json(d, unknown_format))

    def remove_shard(folder):
        manifest = json.load(open(os.path.join(folder, "model.json")))["weightsManifest"]
        os.remove(os.path.join(folder, manifest[0]["paths"][0]))

    broken("missing-shard", "sequential-tfkeras", "its only weight shard deleted.", remove_shard)

    def truncate_shard(folder):
        manifest = json.load(open(os.path.join(folder, "model.json")))["weightsManifest"]
        path = os.path.join(folder, manifest[0]["paths"][-1])
        data = open(path, "rb").read()
        open(path, "wb").write(data[:-40])

    broken("weights-size-mismatch", "sequential-tfkeras", "the last 40 bytes of the shard cut off.", truncate_shard)

    def duplicate_name(model):
        weights = model["weightsManifest"][0]["weights"]
        weights[3]["name"] = weights[1]["name"]

    broken("duplicate-weight-name", "sequential-tfkeras", "the fourth manifest entry renamed to the second's name.",
           lambda d: edit_json(d, duplicate_name))

    def float64(model):
        model["weightsManifest"][0]["weights"][1]["dtype"] = "float64"

    broken("unknown-weight-dtype", "sequential-tfkeras", "the second weight's dtype changed to float64.",
           lambda d: edit_json(d, float64))

    def poison(folder):
        manifest = json.load(open(os.path.join(folder, "model.json")))["weightsManifest"]
        path = os.path.join(folder, manifest[0]["paths"][0])
        data = bytearray(open(path, "rb").read())
        for index, value in [(0, float("nan")), (5, float("inf")), (9, float("-inf")), (10, float("nan"))]:
            data[index * 4:index * 4 + 4] = struct.pack("<f", value)
        open(path, "wb").write(bytes(data))

    broken("non-finite-weights", "sequential-tfkeras", "NaN, +Inf and -Inf written into the first weight.", poison)

    def dangle(model):
        for node in model["modelTopology"]["node"]:
            if node.get("input"):
                node["input"][0] = "no_such_node"
                break

    broken("dangling-input", "convnet-graph", "the first node input renamed to a node that does not exist.",
           lambda d: edit_json(d, dangle))

    def no_input_shape(model):
        layers = model["modelTopology"]["model_config"]["config"]["layers"]
        for layer in layers:
            layer["config"].pop("batch_input_shape", None)
            layer["config"].pop("input_shape", None)

    broken("missing-input-shape", "functional-multiio-tfkeras", "batch_input_shape removed from the InputLayers.",
           lambda d: edit_json(d, no_input_shape))

    def outside(model):
        model["weightsManifest"][0]["paths"] = ["../outside/" + model["weightsManifest"][0]["paths"][0]]

    broken("unsafe-weight-path", "sequential-tfkeras", "the shard path points outside the model's folder (`../`).",
           lambda d: edit_json(d, outside))


def main():
    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    ensure_decision_forests_stand_in()
    if part == "keras3":
        keras3_part()
    elif part == "tfkeras":
        tfkeras_part()
    elif part == "broken":
        make_broken()
    else:
        run([sys.executable, __file__, "keras3"])
        run([sys.executable, __file__, "tfkeras"], env={**os.environ, "TF_USE_LEGACY_KERAS": "1"})
        make_broken()


if __name__ == "__main__":
    main()
