"""Fixture cases for the convolution, pooling, normalization, reshaping, advanced-activation and preprocessing
layers: Fixtures/layers/{convolution,pooling,normalization,reshaping,advanced_activations,preprocessing}.json.

Run with the Samples venv (TF 2.21, tf_keras 2.21): /work/venv-samples/bin/python generate_conv_layers.py
Configs are what tf_keras writes into model.json (TF_USE_LEGACY_KERAS=1). Where TF.js 4.22 computes something
else than Keras, the expected values are TF.js's and the case name ends in `_tfjs` (check_layers_with_tfjs.js
runs every case with the real TF.js bundle). Cases TF.js refuses carry "fails": true.
"""
import copy
import json
import os
import sys

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

L = keras.layers
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261202)


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def number(value):
    value = np.float32(value)
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float(np.format_float_positional(value, unique=True, trim="-"))


def tensor(array):
    array = np.asarray(array)
    if array.dtype == np.bool_:
        return {"dtype": "bool", "shape": list(array.shape), "values": [bool(v) for v in array.ravel()]}
    if np.issubdtype(array.dtype, np.integer):
        return {"dtype": "int32", "shape": list(array.shape), "values": [int(v) for v in array.ravel()]}
    return {"dtype": "float32", "shape": list(array.shape), "values": [number(v) for v in array.ravel()]}


def model_config(layer, input_shape):
    """The layer's config as model.to_json() (and so the converter) writes it."""
    model = keras.Sequential([keras.Input(input_shape[1:], batch_size=None), layer])
    return json.loads(model.to_json())["config"]["layers"][-1]["config"]


def randomize(layer):
    """Random weights (positive variances); returns them by TF.js's short names, in layer.weights order."""
    weights = {}
    for variable in layer.weights:
        short = variable.name.split("/")[-1].split(":")[0]
        value = rand(*variable.shape, scale=0.5)
        if short == "moving_variance":
            value = np.abs(value) + 0.5
        variable.assign(value)
        weights[short] = value
    return weights


def case(layer, inputs, outputs=None, config=None, weights=None, fails=False, atol=None):
    """One case; `outputs` default to the Keras layer's own outputs on `inputs`."""
    entry = {
        "name": layer.name if config is None else config["name"],
        "class_name": type(layer).__name__,
        "config": config if config is not None else model_config(layer, inputs[0].shape),
        "weights": {k: tensor(v) for k, v in (weights or {}).items()},
        "inputs": [tensor(x) for x in inputs],
    }
    if fails:
        entry["fails"] = True
        entry["outputs"] = []
    else:
        if outputs is None:
            outputs = layer(inputs[0] if len(inputs) == 1 else inputs)
            outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        entry["outputs"] = [tensor(np.asarray(y)) for y in outputs]
    if atol is not None:
        entry["atol"] = atol
    return entry


def built(layer, x):
    """`layer` called once on `x` (building it), with random weights; returns the weights."""
    layer(x)
    return randomize(layer)


def simple(layer, x, **kwargs):
    weights = built(layer, x)
    return case(layer, [x], weights=weights, **kwargs)


def twin(first_layer, last_layer, x_first, to_last, to_first):
    """A channels_first layer computed through its channels_last twin with the same weights (TF's CPU kernels
    refuse NCHW); the config is the channels_first layer's."""
    weights = built(last_layer, to_last(x_first))
    first_layer.build(x_first.shape)
    for variable, value in zip(first_layer.weights, weights.values()):
        variable.assign(value)
    y = to_first(np.asarray(last_layer(to_last(x_first))))
    return case(first_layer, [x_first], outputs=[y], weights=weights)


def nchw(x):
    return np.transpose(x, (0, 2, 3, 1))


def nhwc(x):
    return np.transpose(x, (0, 3, 1, 2))


def edited(entry, name, **changes):
    """A copy of a case with its layer renamed and config keys changed (None removes a key)."""
    result = copy.deepcopy(entry)
    result["name"] = name
    result["config"]["name"] = name
    for key, value in changes.items():
        if value is None:
            result["config"].pop(key, None)
        else:
            result["config"][key] = value
    return result


def failing(entry, name, **changes):
    result = edited(entry, name, **changes)
    result["fails"] = True
    result["outputs"] = []
    return result


def convolution_cases():
    cases = []
    x1 = rand(2, 7, 3)
    cases.append(simple(L.Conv1D(4, 3, name="conv1d_valid"), x1))
    cases.append(simple(L.Conv1D(2, 3, strides=2, padding="same", activation="relu", name="conv1d_same_stride2_relu"), x1))
    cases.append(simple(L.Conv1D(2, 2, dilation_rate=2, padding="same", use_bias=False, name="conv1d_dilated_no_bias"), x1))
    cases.append(failing(cases[0], "conv1d_causal_fails", padding="causal"))
    # TF.js transposes a channels_first input to NWC and leaves the output channels-last.
    entry = simple(L.Conv1D(4, 3, name="conv1d_channels_first_output_channels_last_tfjs"), x1)
    entry = edited(entry, entry["name"], data_format="channels_first")
    entry["inputs"] = [tensor(x1.transpose(0, 2, 1))]
    cases.append(entry)

    x2 = rand(1, 5, 4, 2)
    cases.append(simple(L.Conv2D(4, 3, name="conv2d_valid"), x2))
    cases.append(simple(L.Conv2D(2, 3, strides=2, padding="same", activation="tanh", name="conv2d_same_stride2_tanh"), x2))
    cases.append(simple(L.Conv2D(3, (3, 2), strides=(2, 1), use_bias=False, activation="relu", name="conv2d_rect_kernel_no_bias_relu"), x2))
    cases.append(simple(L.Conv2D(2, 2, dilation_rate=2, padding="same", name="conv2d_dilated_same"), x2))
    cases.append(simple(L.Conv2D(2, 3, padding="same", activation="softmax", name="conv2d_softmax"), x2))
    cases.append(failing(cases[-4], "conv2d_strides_and_dilation_fails", strides=[2, 2], dilation_rate=[2, 2]))
    # A kernel that does not fit the input channels: TF.js's load-time "Shape mismatch".
    mismatch = failing(cases[-1], "conv2d_kernel_shape_mismatch_fails", dilation_rate=[1, 1])
    mismatch["weights"]["kernel"] = tensor(rand(2, 2, 3, 2))
    cases.append(mismatch)
    cases.append(failing(cases[-2], "conv2d_rank3_input_fails", dilation_rate=[1, 1]))
    cases[-1]["inputs"] = [tensor(rand(2, 5, 2))]
    # TF.js ignores groups and builds a full kernel, so a grouped kernel does not fit.
    grouped = simple(L.Conv2D(2, 1, groups=2, name="conv2d_groups_kernel_mismatch_fails"), x2)
    grouped["fails"], grouped["outputs"] = True, []
    cases.append(grouped)
    cases.append(twin(L.Conv2D(2, 3, padding="same", data_format="channels_first", name="conv2d_channels_first"),
                      L.Conv2D(2, 3, padding="same"), nhwc(x2), nchw, nhwc))

    x3 = rand(1, 4, 5, 4, 2)
    cases.append(simple(L.Conv3D(3, 2, name="conv3d_valid"), x3))
    cases.append(simple(L.Conv3D(2, (3, 2, 2), strides=2, padding="same", activation="relu", name="conv3d_same_stride2_relu"), x3))
    cases.append(simple(L.Conv3D(2, 2, dilation_rate=(2, 1, 2), use_bias=False, name="conv3d_dilated"), x3))
    to_ncdhw, to_ndhwc = (lambda x: np.transpose(x, (0, 4, 1, 2, 3))), (lambda x: np.transpose(x, (0, 2, 3, 4, 1)))
    cases.append(twin(L.Conv3D(2, 2, padding="same", data_format="channels_first", name="conv3d_channels_first"),
                      L.Conv3D(2, 2, padding="same"), to_ncdhw(x3), to_ndhwc, to_ncdhw))

    xt = rand(1, 3, 4, 2)
    cases.append(simple(L.Conv2DTranspose(2, 3, strides=2, name="conv2d_transpose_valid_stride2"), xt))
    cases.append(simple(L.Conv2DTranspose(3, 3, strides=2, padding="same", activation="relu", name="conv2d_transpose_same_stride2_relu"), xt))
    cases.append(simple(L.Conv2DTranspose(2, (2, 3), strides=(1, 2), padding="same", use_bias=False, name="conv2d_transpose_same_rect"), xt))
    # TF.js sizes a VALID output in·s + max(k − s, 0) (Keras: (in − 1)·s + k): one more row and column here.
    layer = L.Conv2DTranspose(2, 2, strides=3, name="conv2d_transpose_kernel_below_stride_tfjs")
    weights = built(layer, xt)
    y = tf.nn.conv2d_transpose(xt, weights["kernel"], [1, 9, 12, 2], 3, "VALID") + weights["bias"]
    cases.append(case(layer, [xt], outputs=[y], weights=weights))
    # TF.js ignores dilation_rate and output_padding of transposed convolutions.
    plain = L.Conv2DTranspose(2, 3, strides=2, padding="same")
    weights = built(plain, xt)
    ignored = L.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1, name="conv2d_transpose_output_padding_ignored_tfjs")
    ignored.build(xt.shape)
    cases.append(case(ignored, [xt], outputs=[plain(xt)], weights=weights))
    plain = L.Conv2DTranspose(2, 3)
    weights = built(plain, xt)
    ignored = L.Conv2DTranspose(2, 3, dilation_rate=2, name="conv2d_transpose_dilation_ignored_tfjs")
    ignored.build(xt.shape)
    cases.append(case(ignored, [xt], outputs=[plain(xt)], weights=weights))
    cases.append(twin(L.Conv2DTranspose(2, 3, strides=2, padding="same", data_format="channels_first", name="conv2d_transpose_channels_first"),
                      L.Conv2DTranspose(2, 3, strides=2, padding="same"), nhwc(xt), nchw, nhwc))

    x3t = rand(1, 2, 3, 2, 2)
    cases.append(simple(L.Conv3DTranspose(2, 2, strides=2, name="conv3d_transpose_valid_stride2"), x3t))
    cases.append(simple(L.Conv3DTranspose(3, 3, strides=(1, 2, 2), padding="same", activation="relu", name="conv3d_transpose_same_relu"), x3t))

    # tf_keras writes a kernel_initializer for SeparableConv2D, which TF.js refuses; Keras 3 omits it.
    separable = simple(L.SeparableConv2D(4, 3, name="separable_conv2d_keras2_kernel_fields_fails"), x2)
    separable["fails"], separable["outputs"] = True, []
    cases.append(separable)
    for layer in [
        L.SeparableConv2D(4, 3, name="separable_conv2d_valid"),
        L.SeparableConv2D(3, 3, strides=2, padding="same", depth_multiplier=2, activation="relu", name="separable_conv2d_same_multiplier2"),
        L.SeparableConv2D(2, 2, dilation_rate=2, use_bias=False, name="separable_conv2d_dilated_no_bias"),
    ]:
        cases.append(edited(simple(layer, x2), layer.name, kernel_initializer=None, kernel_regularizer=None, kernel_constraint=None))

    # With channels_first, TF.js adds the bias along axis 1 of the channels-last result (its rows) before
    # transposing back; the rows must equal the filters for the broadcast to work.
    xs = rand(2, 3, 4, 2)
    layer = L.SeparableConv2D(3, 3, padding="same", activation="relu", name="separable_conv2d_channels_first_bias_on_rows_tfjs")
    weights = built(layer, xs)
    plain = L.SeparableConv2D(3, 3, padding="same", use_bias=False)
    plain.build(xs.shape)
    plain.set_weights([weights["depthwise_kernel"], weights["pointwise_kernel"]])
    y = np.maximum(np.asarray(plain(xs)) + weights["bias"].reshape(1, 3, 1, 1), 0)
    entry = case(layer, [xs], outputs=[nhwc(y)], weights=weights)
    entry["inputs"] = [tensor(nhwc(xs))]
    cases.append(edited(entry, layer.name, data_format="channels_first", kernel_initializer=None, kernel_regularizer=None, kernel_constraint=None))

    cases.append(simple(L.DepthwiseConv2D(3, name="depthwise_conv2d_valid"), x2))
    # TF.js runs DepthwiseConv2D's causal padding as valid.
    cases.append(edited(cases[-1], "depthwise_conv2d_causal_runs_as_valid_tfjs", padding="causal"))
    cases.append(simple(L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2, activation="relu6", name="depthwise_conv2d_same_multiplier2"), x2))
    cases.append(simple(L.DepthwiseConv2D(2, use_bias=False, name="depthwise_conv2d_no_bias"), x2))
    # TF.js passes no dilation to depthwiseConv2d.
    plain = L.DepthwiseConv2D(2, padding="same")
    weights = built(plain, x2)
    ignored = L.DepthwiseConv2D(2, padding="same", dilation_rate=2, name="depthwise_conv2d_dilation_ignored_tfjs")
    ignored.build(x2.shape)
    cases.append(case(ignored, [x2], outputs=[plain(x2)], weights=weights))
    cases.append(twin(L.DepthwiseConv2D(3, padding="same", depth_multiplier=2, data_format="channels_first", name="depthwise_conv2d_channels_first"),
                      L.DepthwiseConv2D(3, padding="same", depth_multiplier=2), nhwc(x2), nchw, nhwc))
    return cases


def pooling_cases():
    cases = []
    x1 = rand(2, 7, 3)
    cases.append(simple(L.MaxPooling1D(name="max_pooling1d_default"), x1))
    cases.append(simple(L.MaxPooling1D(3, strides=2, padding="same", name="max_pooling1d_same"), x1))
    cases.append(simple(L.AveragePooling1D(name="average_pooling1d_default"), x1))
    # TF.js pools with causal padding as valid.
    cases.append(edited(cases[-1], "average_pooling1d_causal_runs_as_valid_tfjs", padding="causal"))
    cases.append(simple(L.AveragePooling1D(3, strides=1, padding="same", name="average_pooling1d_same_excludes_padding"), x1))
    x2 = rand(2, 5, 6, 3)
    cases.append(simple(L.MaxPooling2D(name="max_pooling2d_default"), x2))
    cases.append(simple(L.MaxPooling2D((3, 2), strides=(2, 1), padding="same", name="max_pooling2d_same"), x2))
    cases.append(simple(L.AveragePooling2D(name="average_pooling2d_default"), x2))
    cases.append(simple(L.AveragePooling2D(3, strides=2, padding="same", name="average_pooling2d_same_excludes_padding"), x2))
    cases.append(twin(L.MaxPooling2D(2, padding="same", data_format="channels_first", name="max_pooling2d_channels_first"),
                      L.MaxPooling2D(2, padding="same"), nhwc(x2), nchw, nhwc))
    cases.append(twin(L.AveragePooling2D(3, strides=1, padding="same", data_format="channels_first", name="average_pooling2d_channels_first"),
                      L.AveragePooling2D(3, strides=1, padding="same"), nhwc(x2), nchw, nhwc))
    x3 = rand(1, 4, 5, 3, 2)
    cases.append(simple(L.MaxPooling3D(name="max_pooling3d_default"), x3))
    cases.append(simple(L.MaxPooling3D(3, strides=2, padding="same", name="max_pooling3d_same"), x3))
    cases.append(simple(L.AveragePooling3D(name="average_pooling3d_default"), x3))
    cases.append(simple(L.AveragePooling3D((2, 3, 2), strides=1, padding="same", name="average_pooling3d_same_excludes_padding"), x3))
    cases.append(simple(L.GlobalAveragePooling1D(name="global_average_pooling1d"), x1))
    cases.append(simple(L.GlobalMaxPooling1D(name="global_max_pooling1d"), x1))
    x4 = rand(1, 2, 4, 3, 5)
    cases.append(twin(L.MaxPooling3D(2, padding="same", data_format="channels_first", name="max_pooling3d_channels_first"),
                      L.MaxPooling3D(2, padding="same"), x4, lambda x: np.transpose(x, (0, 2, 3, 4, 1)), lambda x: np.transpose(x, (0, 4, 1, 2, 3))))
    cases.append(simple(L.GlobalAveragePooling2D(name="global_average_pooling2d"), x2))
    cases.append(simple(L.GlobalMaxPooling2D(name="global_max_pooling2d"), x2))
    cases.append(simple(L.GlobalAveragePooling2D(data_format="channels_first", name="global_average_pooling2d_channels_first"), x2))
    # TF.js ignores keepdims and the 1-D layers' data_format.
    layer = L.GlobalMaxPooling2D(keepdims=True, name="global_max_pooling2d_keepdims_ignored_tfjs")
    cases.append(case(layer, [x2], outputs=[np.max(x2, axis=(1, 2))]))
    layer = L.GlobalAveragePooling1D(keepdims=True, name="global_average_pooling1d_keepdims_ignored_tfjs")
    cases.append(case(layer, [x1], outputs=[np.mean(x1, axis=1)]))
    layer = L.GlobalAveragePooling1D(data_format="channels_first", name="global_average_pooling1d_data_format_ignored_tfjs")
    cases.append(case(layer, [x1], outputs=[np.mean(x1, axis=1)]))
    return cases


def normalization_cases():
    cases = []
    cases.append(simple(L.BatchNormalization(name="batch_normalization_rank2"), rand(3, 4)))
    cases.append(simple(L.BatchNormalization(epsilon=0.01, name="batch_normalization_rank4"), rand(2, 3, 4, 3)))
    # tf_keras writes axis as a list ([3]); TF.js reads one int, which JavaScript's coercion makes work for a
    # single non-negative entry only.
    cases.append(edited(cases[-1], "batch_normalization_int_axis", axis=-1))
    cases.append(failing(cases[-2], "batch_normalization_negative_axis_list_fails", axis=[-1]))
    cases.append(failing(cases[-3], "batch_normalization_two_axes_fails", axis=[1, 3]))
    # TF.js's cpu batchNorm kernel reads each statistic at the flat index modulo its length, so over axis 1 the
    # statistics cycle along the last axes instead of following axis 1.
    x = rand(2, 3, 4, 2)
    layer = L.BatchNormalization(axis=1, name="batch_normalization_axis1_cpu_cycles_statistics_tfjs")
    weights = built(layer, x)
    flat = x.ravel().astype(np.float64)
    cycle = [np.resize(weights[k].astype(np.float64), flat.size) for k in ("gamma", "beta", "moving_mean", "moving_variance")]
    y = cycle[1] + (flat - cycle[2]) * cycle[0] / np.sqrt(cycle[3] + layer.epsilon)
    cases.append(case(layer, [x], outputs=[y.astype(np.float32).reshape(x.shape)], weights=weights))
    cases.append(simple(L.BatchNormalization(center=False, name="batch_normalization_no_center"), rand(2, 5, 3)))
    cases.append(simple(L.BatchNormalization(scale=False, name="batch_normalization_no_scale"), rand(2, 5, 3)))
    cases.append(simple(L.BatchNormalization(center=False, scale=False, name="batch_normalization_no_center_no_scale"), rand(2, 5, 3)))
    rank5 = simple(L.BatchNormalization(name="batch_normalization_rank5_fails"), rand(1, 2, 2, 2, 3))
    rank5["fails"], rank5["outputs"] = True, []
    cases.append(rank5)
    cases.append(simple(L.LayerNormalization(name="layer_normalization"), rand(2, 3, 4)))
    cases.append(simple(L.LayerNormalization(axis=[1, 2], epsilon=0.01, name="layer_normalization_two_axes"), rand(2, 3, 4)))
    cases.append(simple(L.LayerNormalization(center=False, scale=False, name="layer_normalization_plain"), rand(3, 5)))
    cases.append(simple(L.LayerNormalization(axis=1, name="layer_normalization_axis1"), rand(2, 3, 4)))
    return cases


def reshaping_cases():
    cases = []
    x = rand(2, 3, 4, 2)
    cases.append(simple(L.ZeroPadding2D(name="zero_padding2d_default"), x))
    cases.append(simple(L.ZeroPadding2D(2, name="zero_padding2d_int"), x))
    cases.append(simple(L.ZeroPadding2D(((1, 2), (0, 3)), name="zero_padding2d_asymmetric"), x))
    cases.append(simple(L.ZeroPadding2D((2, 1), data_format="channels_first", name="zero_padding2d_channels_first"), x))
    cases.append(simple(L.Cropping2D(((1, 0), (2, 1)), name="cropping2d"), x))
    cases.append(edited(simple(L.Cropping2D((1, 1), name="cropping2d_pair"), x), "cropping2d_pair", cropping=[1, 1]))
    cases.append(simple(L.Cropping2D(1, data_format="channels_first", name="cropping2d_channels_first"), rand(2, 2, 4, 5)))
    too_large = simple(L.Cropping2D(1, name="cropping2d_too_large_fails"), x)
    cases.append(failing(too_large, "cropping2d_too_large_fails", cropping=[[3, 2], [0, 0]]))
    cases.append(simple(L.UpSampling2D(name="up_sampling2d_default"), x))
    cases.append(simple(L.UpSampling2D((3, 2), name="up_sampling2d_nearest_3x2"), x))
    cases.append(simple(L.UpSampling2D(2, data_format="channels_first", name="up_sampling2d_channels_first"), x))
    # TF.js's resizeBilinear has no half-pixel centers (Keras's tf.image.resize has).
    layer = L.UpSampling2D((2, 3), interpolation="bilinear", name="up_sampling2d_bilinear_without_half_pixel_tfjs")
    y = tf.compat.v1.image.resize_bilinear(x, (6, 12), align_corners=False, half_pixel_centers=False)
    cases.append(case(layer, [x], outputs=[y]))
    bicubic = L.UpSampling2D(interpolation="bicubic", name="up_sampling2d_bicubic_fails")
    cases.append(case(bicubic, [x], fails=True))
    return cases


def activation_cases():
    cases = []
    x = rand(2, 3, 4, scale=2)
    cases.append(simple(L.ReLU(name="re_lu"), x))
    cases.append(simple(L.ReLU(max_value=1.5, name="re_lu_max_value"), x))
    # TF.js reads only max_value.
    cases.append(case(L.ReLU(negative_slope=0.1, threshold=0.5, name="re_lu_slope_and_threshold_ignored_tfjs"), [x], outputs=[np.maximum(x, 0)]))
    cases.append(simple(L.LeakyReLU(alpha=0.1, name="leaky_re_lu"), x))
    default = simple(L.LeakyReLU(name="leaky_re_lu_default_alpha"), x)
    cases.append(edited(default, "leaky_re_lu_default_alpha", alpha=None))
    # Keras 3 writes negative_slope, which TF.js ignores: it uses its default alpha 0.3.
    keras3 = edited(default, "leaky_re_lu_keras3_negative_slope_ignored_tfjs", alpha=None, negative_slope=0.1)
    keras3["outputs"] = [tensor(np.where(x < 0, np.float32(0.3) * x, x))]
    cases.append(keras3)
    cases.append(simple(L.PReLU(name="p_re_lu"), x))
    cases.append(simple(L.PReLU(shared_axes=[1, 2], name="p_re_lu_shared_axes"), rand(2, 3, 4, 2)))
    cases.append(simple(L.ELU(name="elu"), x))
    cases.append(case(L.ELU(alpha=0.5, name="elu_alpha_fails"), [x], fails=True))
    cases.append(simple(L.ThresholdedReLU(theta=0.5, name="thresholded_re_lu"), x))
    cases.append(edited(simple(L.ThresholdedReLU(name="thresholded_re_lu_default_theta"), x), "thresholded_re_lu_default_theta", theta=None))
    cases.append(simple(L.Softmax(name="softmax_last_axis"), x))
    cases.append(simple(L.Softmax(axis=[1, 2], name="softmax_two_axes"), x))
    cases.append(case(L.Softmax(axis=1, name="softmax_axis1_fails"), [x], fails=True))
    cases.append(case(L.Softmax(axis=-2, name="softmax_negative_non_last_axis_fails"), [x], fails=True))
    # TF.js's default axis is 1, the last axis of a rank-2 input.
    missing = simple(L.Softmax(name="softmax_default_axis"), rand(3, 4))
    cases.append(edited(missing, "softmax_default_axis", axis=None))
    return cases


def preprocessing_cases():
    cases = []
    x = rand(1, 6, 6, 3, scale=50)
    cases.append(simple(L.Rescaling(1 / 255, offset=-1, name="rescaling"), x))
    cases.append(simple(L.Rescaling(2.0, name="rescaling_no_offset"), x))
    cases.append(simple(L.Rescaling([0.5, 1.0, 2.0], offset=[0.0, 1.0, -1.0], name="rescaling_per_channel"), x))
    # TF.js 4.22 registers these but fails on them inside a model.
    cases.append(case(L.CenterCrop(4, 4, name="center_crop_broken"), [x], fails=True))
    cases.append(case(L.Resizing(4, 4, name="resizing_broken"), [x], fails=True))
    cases.append(case(L.RandomWidth(0.2, name="random_width_broken"), [x], fails=True))
    tokens = np.array([[0, 1, 3], [2, 2, 4]], dtype=np.float32)
    cases.append(case(L.CategoryEncoding(num_tokens=5, output_mode="multi_hot", name="category_encoding_broken"), [tokens], fails=True))
    return cases


def main():
    folder = os.path.join(HERE, "layers")
    os.makedirs(folder, exist_ok=True)
    for file, make in [
        ("convolution", convolution_cases), ("pooling", pooling_cases), ("normalization", normalization_cases),
        ("reshaping", reshaping_cases), ("advanced_activations", activation_cases), ("preprocessing", preprocessing_cases),
    ]:
        cases = make()
        with open(os.path.join(folder, f"{file}.json"), "w") as handle:
            json.dump({"cases": cases}, handle, separators=(",", ":"))
            handle.write("\n")
        print(f"{file}.json: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
