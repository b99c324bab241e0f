#!/usr/bin/env python3
"""Writes the catalog fixtures: tiny model.json + shard pairs in the layout tensorflowjs_converter 4.22 writes
for tf_keras (Keras 2) layers models and TF graph models, each isolating one thing TF.js 4.22 does or does not
support. Standard library only; weights are deterministic. Run from this folder: python3 make_fixtures.py

What the real TF.js 4.22 does with each is recorded in README.md (node ../shared/tools/tfjs-load.js).
"""
import json
import math
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def values(count, seed):
    return [round(math.sin(seed * 7.1 + i * 1.3) * 0.5, 4) for i in range(count)]


def write(name, topology, weights, fmt="layers-model", extra=None):
    """weights: [(name, shape)] or [(name, shape, dtype)]; float32 / int32 values are generated."""
    folder = os.path.join(HERE, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    blob = b""
    entries = []
    for seed, weight in enumerate(weights):
        wname, shape = weight[0], weight[1]
        dtype = weight[2] if len(weight) > 2 else "float32"
        count = 1
        for dim in shape:
            count *= dim
        if dtype == "int32":
            blob += struct.pack("<%di" % count, *[i + 1 for i in range(count)])
        else:
            blob += struct.pack("<%df" % count, *values(count, seed + 1))
        entries.append({"name": wname, "shape": shape, "dtype": dtype})
    model = {"format": fmt, "generatedBy": "keras v2.21.0" if fmt == "layers-model" else "2.21.0",
             "convertedBy": "TensorFlow.js Converter v4.22.0"}
    if extra:
        model.update(extra)
    model["modelTopology"] = topology
    model["weightsManifest"] = [{"paths": ["group1-shard1of1.bin"] if blob else [], "weights": entries}]
    with open(os.path.join(folder, "model.json"), "w") as handle:
        json.dump(model, handle)
    if blob:
        with open(os.path.join(folder, "group1-shard1of1.bin"), "wb") as handle:
            handle.write(blob)


# ---------------------------------------------------------------- layers models (tf_keras 2.21 layout)

def glorot():
    return {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None}, "registered_name": None}


def zeros():
    return {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None}


def layer(class_name, name, **config):
    return {"module": "keras.layers", "class_name": class_name, "config": dict(name=name, trainable=True, dtype="float32", **config),
            "registered_name": None}


def dense(name, units, activation="linear", **extra):
    config = dict(units=units, activation=activation, use_bias=True, kernel_initializer=glorot(), bias_initializer=zeros(),
                  kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None)
    config.update(extra)
    return layer("Dense", name, **config)


def sequential(input_shape, layers, keras_version="2.21.0"):
    entry = {"class_name": "InputLayer", "config": {"batch_input_shape": [None] + input_shape, "dtype": "float32",
                                                   "sparse": False, "ragged": False, "name": "input"}}
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": [entry] + layers},
            "keras_version": keras_version, "backend": "tensorflow"}


def topology(model_config):
    return {"keras_version": model_config.pop("keras_version"), "backend": model_config.pop("backend"),
            "model_config": model_config}


def dense_weights(name, inputs, units, bias=True):
    return [(name + "/kernel", [inputs, units])] + ([(name + "/bias", [units])] if bias else [])


def layers_fixtures():
    write("clean_dense", topology(sequential([4], [dense("d1", 3, "relu"), dense("d2", 2, "softmax")])),
          dense_weights("d1", 4, 3) + dense_weights("d2", 3, 2))
    for name, activation in [("activation_silu", "silu"), ("activation_gelu_new", "gelu_new"),
                             ("activation_leaky_relu", "leaky_relu"), ("activation_gelu", "gelu"),
                             ("activation_relu6_snake", "relu_6")]:
        write(name, topology(sequential([4], [dense("d1", 2, activation)])), dense_weights("d1", 4, 2))
    write("hard_sigmoid_keras3", topology(sequential([4], [dense("d1", 2, "hard_sigmoid")], keras_version="3.15.1")),
          dense_weights("d1", 4, 2))
    lecun = {"module": "keras.initializers", "class_name": "LecunNormal", "config": {"seed": None}, "registered_name": None}
    write("initializer_lecun_normal", topology(sequential([4], [dense("d1", 2, kernel_initializer=lecun)])),
          dense_weights("d1", 4, 2))
    write("initializer_lecun_string", topology(sequential([4], [dense("d1", 2, kernel_initializer="lecun_uniform")])),
          dense_weights("d1", 4, 2))
    variance = {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_in", "distribution": "untruncated_normal", "seed": None}}
    write("initializer_untruncated", topology(sequential([4], [dense("d1", 2, kernel_initializer=variance)])),
          dense_weights("d1", 4, 2))
    l2 = {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": None}
    write("regularizer_l2", topology(sequential([4], [dense("d1", 2, kernel_regularizer=l2)])), dense_weights("d1", 4, 2))
    l1l2 = {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}}
    write("regularizer_l1l2", topology(sequential([4], [dense("d1", 2, kernel_regularizer=l1l2)])), dense_weights("d1", 4, 2))
    nonneg = {"class_name": "NonNeg", "config": {}}
    write("constraint_nonneg", topology(sequential([4], [dense("d1", 2, kernel_constraint=nonneg)])), dense_weights("d1", 4, 2))

    def gru(reset_after):
        return layer("GRU", "gru", units=3, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                     kernel_initializer=glorot(), recurrent_initializer={"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
                     bias_initializer=zeros(), return_sequences=False, return_state=False, go_backwards=False,
                     stateful=False, unroll=False, time_major=False, dropout=0.0, recurrent_dropout=0.0,
                     reset_after=reset_after)
    write("gru_reset_after", topology(sequential([5, 2], [gru(True)])),
          [("gru/gru_cell/kernel", [2, 9]), ("gru/gru_cell/recurrent_kernel", [3, 9]), ("gru/gru_cell/bias", [2, 9])])
    write("gru_reset_before", topology(sequential([5, 2], [gru(False)])),
          [("gru/gru_cell/kernel", [2, 9]), ("gru/gru_cell/recurrent_kernel", [3, 9]), ("gru/gru_cell/bias", [9])])
    lstm = layer("LSTM", "lstm", units=3, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 unit_forget_bias=True, return_sequences=False, kernel_initializer=glorot(),
                 recurrent_initializer={"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}}, bias_initializer=zeros())
    write("lstm", topology(sequential([5, 2], [lstm])),
          [("lstm/lstm_cell/kernel", [2, 12]), ("lstm/lstm_cell/recurrent_kernel", [3, 12]), ("lstm/lstm_cell/bias", [12])])
    bidirectional = layer("Bidirectional", "bidirectional", merge_mode="concat",
                          layer={"class_name": "LSTM", "config": dict(lstm["config"], name="lstm")})
    write("bidirectional_lstm", topology(sequential([5, 2], [bidirectional])),
          [("bidirectional/%s_lstm/lstm_cell/%s" % (d, w), s) for d in ("forward", "backward")
           for w, s in (("kernel", [2, 12]), ("recurrent_kernel", [3, 12]), ("bias", [12]))])
    write("embedding_simple_rnn", topology(sequential([6], [
        layer("Embedding", "emb", input_dim=10, output_dim=4, embeddings_initializer={"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": None}}, mask_zero=False),
        layer("SimpleRNN", "rnn", units=2, activation="tanh", use_bias=True)])),
        [("emb/embeddings", [10, 4]), ("rnn/simple_rnn_cell/kernel", [4, 2]), ("rnn/simple_rnn_cell/recurrent_kernel", [2, 2]),
         ("rnn/simple_rnn_cell/bias", [2])])
    write("time_distributed_dense", topology(sequential([5, 3], [
        layer("TimeDistributed", "td", layer={"class_name": "Dense", "config": dense("inner", 2)["config"]})])),
        [("td/kernel", [3, 2]), ("td/bias", [2])])
    conv = layer("Conv2D", "conv", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="same", data_format="channels_last",
                 dilation_rate=[1, 1], activation="relu", use_bias=True, kernel_initializer=glorot(), bias_initializer=zeros())
    bn = layer("BatchNormalization", "bn", axis=[3], momentum=0.99, epsilon=0.001, center=True, scale=True)
    dw = layer("DepthwiseConv2D", "dw", kernel_size=[3, 3], strides=[1, 1], padding="same", depth_multiplier=1,
               activation="relu6", use_bias=True, depthwise_initializer=glorot(), bias_initializer=zeros())
    write("conv_bn_depthwise", topology(sequential([8, 8, 3], [conv, bn, dw, layer("GlobalAveragePooling2D", "gap", data_format="channels_last"),
                                                               dense("out", 2, "softmax")])),
          [("conv/kernel", [3, 3, 3, 4]), ("conv/bias", [4]), ("bn/gamma", [4]), ("bn/beta", [4]), ("bn/moving_mean", [4]),
           ("bn/moving_variance", [4]), ("dw/depthwise_kernel", [3, 3, 4, 1]), ("dw/bias", [4])] + dense_weights("out", 4, 2))
    separable = layer("SeparableConv2D", "sep", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="valid",
                      depth_multiplier=1, activation="linear", use_bias=True, depthwise_initializer=glorot(),
                      pointwise_initializer=glorot(), bias_initializer=zeros(), kernel_initializer=glorot(),
                      kernel_regularizer=None, kernel_constraint=None)
    sep_weights = [("sep/depthwise_kernel", [3, 3, 3, 1]), ("sep/pointwise_kernel", [1, 1, 3, 4]), ("sep/bias", [4])]
    write("separable_conv2d_tf_keras", topology(sequential([6, 6, 3], [separable])), sep_weights)
    clean_separable = dict(separable, config=dict(separable["config"], kernel_initializer=None))
    write("separable_conv2d_null_kernel", topology(sequential([6, 6, 3], [clean_separable])), sep_weights)
    write("prelu", topology(sequential([4], [dense("d1", 3), layer("PReLU", "prelu", alpha_initializer=zeros(), shared_axes=None)])),
          dense_weights("d1", 4, 3) + [("prelu/alpha", [3])])
    write("elu_alpha", topology(sequential([4], [dense("d1", 2), layer("ELU", "elu", alpha=0.5)])), dense_weights("d1", 4, 2))
    write("relu_negative_slope", topology(sequential([4], [dense("d1", 2), layer("ReLU", "relu", max_value=None, negative_slope=0.1, threshold=0.0)])),
          dense_weights("d1", 4, 2))
    write("rescaling", topology(sequential([4, 4, 3], [layer("Rescaling", "rescale", scale=0.5, offset=0.0)])), [])
    write("center_crop", topology(sequential([8, 8, 3], [layer("CenterCrop", "crop", height=4, width=4)])), [])
    write("resizing", topology(sequential([8, 8, 3], [layer("Resizing", "resize", height=4, width=4, interpolation="bilinear", crop_to_aspect_ratio=False)])), [])
    write("lambda", topology(sequential([4], [layer("Lambda", "lam", function=["4wEAAAAAAAAA", None, None], function_type="lambda", output_shape=None, arguments={})])), [])
    write("subtract", topology({"class_name": "Functional", "keras_version": "2.21.0", "backend": "tensorflow", "config": {
        "name": "model", "layers": [
            {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [None, 2], "dtype": "float32", "sparse": False, "ragged": False, "name": "a"}, "inbound_nodes": []},
            {"class_name": "InputLayer", "name": "b", "config": {"batch_input_shape": [None, 2], "dtype": "float32", "sparse": False, "ragged": False, "name": "b"}, "inbound_nodes": []},
            {"class_name": "Subtract", "name": "sub", "config": {"name": "sub", "trainable": True, "dtype": "float32"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
        "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["sub", 0, 0]]}}), [])
    write("conv1d_causal", topology(sequential([6, 2], [layer("Conv1D", "c1", filters=2, kernel_size=[2], strides=[1], padding="causal",
                                                              data_format="channels_last", dilation_rate=[1], activation="linear", use_bias=True)])),
          [("c1/kernel", [2, 2, 2]), ("c1/bias", [2])])
    write("name_with_space", topology(sequential([4], [dense("d 1", 2)])), dense_weights("d 1", 4, 2))
    write("weights_missing_bias", topology(sequential([4], [dense("d1", 3), dense("d2", 2)])),
          dense_weights("d1", 4, 3) + dense_weights("d2", 3, 2, bias=False))
    write("weights_shape_mismatch", topology(sequential([4], [dense("d1", 3), dense("d2", 2)])),
          dense_weights("d1", 4, 3) + [("d2/kernel", [3, 2]), ("d2/bias", [3])])
    write("weights_extra", topology(sequential([4], [dense("d1", 3)])),
          dense_weights("d1", 4, 3) + [("d9/kernel", [1])])
    write("weights_optimizer_group", topology(sequential([4], [dense("d1", 3)])), dense_weights("d1", 4, 3))
    path = os.path.join(HERE, "weights_optimizer_group", "model.json")
    with open(path) as handle:
        model = json.load(handle)
    model["weightsManifest"][0]["weights"].append({"name": "iter", "shape": [], "dtype": "int32", "group": "optimizer"})
    with open(path, "w") as handle:
        json.dump(model, handle)
    with open(os.path.join(HERE, "weights_optimizer_group", "group1-shard1of1.bin"), "ab") as handle:
        handle.write(struct.pack("<i", 7))


# ---------------------------------------------------------------- graph models (converter layout)

def attr_type(t):
    return {"type": t}


def node(name, op, inputs=(), **attrs):
    result = {"name": name, "op": op, "attr": attrs}
    if inputs:
        result["input"] = list(inputs)
    return result


def const(name, shape, dtype="DT_FLOAT"):
    return node(name, "Const", value={"tensor": {"dtype": dtype, "tensorShape": {"dim": [{"size": str(d)} for d in shape]}}},
                dtype=attr_type(dtype))


def placeholder(name, shape, dtype="DT_FLOAT"):
    return node(name, "Placeholder", shape={"shape": {"dim": [{"size": str(d)} for d in shape]}}, dtype=attr_type(dtype))


def graph(name, nodes, weights, outputs=("Identity",), inputs=("x",), signature=None):
    sig = signature or {"inputs": {i: {"name": i + ":0", "dtype": "DT_FLOAT"} for i in inputs},
                        "outputs": {o: {"name": o + ":0", "dtype": "DT_FLOAT"} for o in outputs}}
    write(name, {"node": nodes, "library": {}, "versions": {"producer": 2474}}, weights, fmt="graph-model",
          extra={"signature": sig})


def graph_fixtures():
    base = [placeholder("x", [-1, 4]), const("w", [4, 3]), node("m", "MatMul", ["x", "w"], transpose_a={"b": False}, transpose_b={"b": False}, T=attr_type("DT_FLOAT"))]
    graph("graph_clean", base + [node("r", "Relu", ["m"]), node("Identity", "Identity", ["r"])], [("w", [4, 3])])
    graph("graph_unknown_op", base + [node("inv", "MatrixInverse", ["m"]), node("Identity", "Identity", ["inv"])], [("w", [4, 3])])
    graph("graph_ragged_op", base + [const("nested", [2], "DT_INT32"),
                                     node("rg", "RaggedRange", ["nested", "nested", "nested"], T=attr_type("DT_INT32"), Tsplits=attr_type("DT_INT64")),
                                     node("Identity", "Identity", ["rg:1"])], [("w", [4, 3]), ("nested", [2], "int32")])
    graph("graph_where", base + [node("where", "Where", ["m"]), node("Identity", "Identity", ["where"])], [("w", [4, 3])])
    graph("graph_missing_const", base + [node("Identity", "Identity", ["m"])], [("W", [4, 3])])
    graph("graph_bad_signature", base + [node("Identity", "Identity", ["m"])], [("w", [4, 3])], outputs=("Identity_7",))
    graph("graph_cycle", base + [node("a", "AddV2", ["m", "b"]), node("b", "Relu", ["a"]), node("Identity", "Identity", ["b"])], [("w", [4, 3])])
    graph("graph_uint16_input", [placeholder("x", [-1, 4], "DT_UINT16"), node("c", "Cast", ["x"], SrcT=attr_type("DT_UINT16"), DstT=attr_type("DT_FLOAT")),
                                 node("Identity", "Identity", ["c"])], [])
    nchw = [placeholder("x", [1, 3, 8, 8]), const("k", [3, 3, 3, 2]),
            node("conv", "Conv2D", ["x", "k"], data_format={"s": "TkNIVw=="}, padding={"s": "VkFMSUQ="}, strides={"list": {"i": ["1", "1", "2", "2"]}},
                 dilations={"list": {"i": ["1", "1", "1", "1"]}}, T=attr_type("DT_FLOAT")), node("Identity", "Identity", ["conv"])]
    graph("graph_nchw_conv", nchw, [("k", [3, 3, 3, 2])])
    biased = nchw[:3] + [const("bias", [2]), node("ba", "BiasAdd", ["conv", "bias"], data_format={"s": "TkNIVw=="}, T=attr_type("DT_FLOAT")),
                         node("Identity", "Identity", ["ba"])]
    graph("graph_nchw_bias_add", biased, [("k", [3, 3, 3, 2]), ("bias", [2])])
    fused = nchw[:2] + [const("bias", [2]), node("conv", "_FusedConv2D", ["x", "k", "bias"], data_format={"s": "TkNIVw=="},
        padding={"s": "VkFMSUQ="}, strides={"list": {"i": ["1", "1", "1", "1"]}}, dilations={"list": {"i": ["1", "1", "1", "1"]}},
        fused_ops={"list": {"s": ["Qmlhc0FkZA=="]}}, num_args={"i": "1"}, T=attr_type("DT_FLOAT")), node("Identity", "Identity", ["conv"])]
    graph("graph_nchw_fused_conv", fused, [("k", [3, 3, 3, 2]), ("bias", [2])])
    graph("graph_cast_uint16", [placeholder("x", [-1, 4]), node("c", "Cast", ["x"], SrcT=attr_type("DT_FLOAT"), DstT=attr_type("DT_UINT16")),
                                node("Identity", "Identity", ["c"])], [])


if __name__ == "__main__":
    layers_fixtures()
    graph_fixtures()
