"""Writes layers/core.json and layers/merge.json: core, noise, merge and Embedding layers computed by tf_keras 2.21.

Run with the Samples venv (see Samples/README.md):

    TF_USE_LEGACY_KERAS=1 /work/venv-samples/bin/python Tests/TFJSExecutorTests/Fixtures/generate_core_layers.py \
        [--tfjs OUTSIDE/tf.min.js --loader ../shared/tools/tfjs-load.js]

With --tfjs, every case is also converted to a layers model (tensorflowjs 4.22) and run by the real TF.js 4.22
bundle (with the project's shared tfjs-load.js): where TF.js computes something else the expected values are TF.js's and
the case name ends in `_tfjs`; where TF.js refuses the layer the case gets `"fails": true`.
"""
import json
import os
import subprocess
import sys
import tempfile
import types

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261202)


def tensor(array):
    array = np.asarray(array)
    dtype = "int32" if array.dtype.kind in "iu" else "bool" if array.dtype == bool else "float32"
    values = array.astype(np.float32).ravel().tolist() if dtype == "float32" else array.astype(np.int64).ravel().tolist()
    values = [v if not isinstance(v, float) or np.isfinite(v) else ("NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
              for v in values]
    return {"dtype": dtype, "shape": list(array.shape), "values": values}


def normal(*shape):
    return RNG.normal(0, 1, shape).astype(np.float32)


class Case:
    def __init__(self, name, layer, inputs, fails=False, atol=None):
        self.name, self.layer, self.inputs, self.fails, self.atol = name, layer, inputs, fails, atol


def run_tfjs(model, inputs, bundle, loader):
    """(outputs, error) of the real TF.js 4.22 on `model` converted to a layers model."""
    # tensorflowjs imports tensorflow_decision_forests (no build for TF 2.21) without using it here.
    sys.modules.setdefault("tensorflow_decision_forests", types.ModuleType("tensorflow_decision_forests"))
    import tensorflowjs as tfjs
    with tempfile.TemporaryDirectory() as tmp:
        tfjs.converters.save_keras_model(model, tmp)
        paths = []
        for i, x in enumerate(inputs):
            paths.append(os.path.join(tmp, f"in{i}.npy"))
            np.save(paths[-1], x)
        result = subprocess.run(["node", loader, os.path.join(tmp, "model.json"), "layers", *paths, "--bundle", bundle],
                                capture_output=True, text=True)
        report = json.loads(result.stdout)
        if not report.get("ok"):
            return None, report.get("error")
        return [np.array(o["values"], dtype=np.float32).reshape(o["shape"]) for o in report["outputs"]], None


def build(case, bundle, loader):
    config = case.layer.get_config()
    inputs = [keras.Input(shape=x.shape[1:], batch_size=None, dtype="float32") for x in case.inputs]
    try:
        applied = case.layer(inputs if len(inputs) > 1 else inputs[0], training=False)
        model = keras.Model(inputs, applied)
        outputs = model(case.inputs if len(case.inputs) > 1 else case.inputs[0], training=False)
        outputs = [np.asarray(o) for o in (outputs if isinstance(outputs, (list, tuple)) else [outputs])]
    except Exception as error:  # TensorFlow refuses it too
        print(f"  {case.name}: TensorFlow fails: {str(error).splitlines()[0][:120]}")
        model, outputs, case.fails = None, [], True
    weights = {w.name.split("/")[-1].split(":")[0]: tensor(w.numpy()) for w in case.layer.weights}
    name = case.name
    if bundle and model is not None:
        tfjs_outputs, error = run_tfjs(model, case.inputs, bundle, loader)
        case.fails = error is not None
        if error:
            print(f"  {name}: TF.js fails: {error.splitlines()[0][:120]}")
            outputs = []
        elif any(a.shape != b.shape or not np.allclose(a, b, atol=1e-5, rtol=1e-5, equal_nan=True) for a, b in zip(tfjs_outputs, outputs)):
            print(f"  {name}: TF.js differs from TensorFlow; expected values are TF.js's")
            name, outputs = name + "_tfjs", tfjs_outputs
    entry = {"name": name, "class_name": case.layer.__class__.__name__, "config": config, "weights": weights,
             "inputs": [tensor(x) for x in case.inputs], "outputs": [tensor(o) for o in outputs]}
    if case.fails:
        entry["fails"] = True
    if case.atol:
        entry["atol"] = case.atol
    return entry


def core_cases():
    L = keras.layers
    masked = normal(2, 4, 3)
    masked[0, 1, :] = 0
    masked[1, 3, :] = 0
    return [
        Case("dense_relu", L.Dense(4, activation="relu", name="dense"), [normal(3, 5)]),
        Case("dense_no_bias_rank3", L.Dense(3, use_bias=False, activation="tanh", name="dense"), [normal(2, 4, 5)]),
        Case("dense_softmax", L.Dense(3, activation="softmax", name="dense"), [normal(2, 2)]),
        Case("dense_swish", L.Dense(2, activation="swish", name="dense"), [normal(2, 3)]),
        Case("dense_leaky_relu_unknown_in_tfjs", L.Dense(2, activation="leaky_relu", name="dense"), [normal(2, 3)], fails=True),
        Case("flatten_rank4", L.Flatten(name="flatten"), [normal(2, 2, 3, 2)]),
        Case("flatten_channels_first", L.Flatten(data_format="channels_first", name="flatten"), [normal(2, 3, 2, 2)]),
        Case("flatten_rank2_fails", L.Flatten(name="flatten"), [normal(2, 3)], fails=True),
        Case("activation_relu", L.Activation("relu", name="activation"), [normal(2, 5)]),
        Case("activation_sigmoid", L.Activation("sigmoid", name="activation"), [normal(2, 5)]),
        Case("activation_softmax_rank3", L.Activation("softmax", name="activation"), [normal(2, 2, 4)]),
        Case("dropout_identity", L.Dropout(0.5, name="dropout"), [normal(2, 4)]),
        Case("spatial_dropout1d_identity", L.SpatialDropout1D(0.5, name="spatial_dropout1d"), [normal(2, 3, 4)]),
        Case("gaussian_noise_identity", L.GaussianNoise(1.0, name="gaussian_noise"), [normal(2, 4)]),
        Case("gaussian_dropout_identity", L.GaussianDropout(0.3, name="gaussian_dropout"), [normal(2, 4)]),
        Case("alpha_dropout_identity", L.AlphaDropout(0.3, name="alpha_dropout"), [normal(2, 4)]),
        Case("repeat_vector", L.RepeatVector(3, name="repeat_vector"), [normal(2, 4)]),
        Case("reshape", L.Reshape((3, 4), name="reshape"), [normal(2, 12)]),
        Case("reshape_inferred", L.Reshape((-1, 2), name="reshape"), [normal(2, 3, 4)]),
        Case("reshape_size_mismatch_fails", L.Reshape((5,), name="reshape"), [normal(2, 6)], fails=True),
        Case("permute", L.Permute((2, 1), name="permute"), [normal(2, 3, 4)]),
        Case("permute_rank4", L.Permute((3, 1, 2), name="permute"), [normal(2, 2, 3, 4)]),
        Case("masking", L.Masking(0.0, name="masking"), [masked]),
        Case("embedding", L.Embedding(6, 3, name="embedding"), [np.array([[0, 5, 2], [1, 1, 4]], dtype=np.float32)]),
        Case("embedding_truncates_indices", L.Embedding(4, 2, name="embedding"), [np.array([[0.9, 3.2], [2.7, 1.0]], dtype=np.float32)]),
        Case("embedding_index_out_of_range_fails", L.Embedding(3, 2, name="embedding"), [np.array([[0, 3]], dtype=np.float32)], fails=True),
    ]


def merge_cases():
    L = keras.layers
    return [
        Case("add_two", L.Add(name="add"), [normal(2, 3), normal(2, 3)]),
        Case("add_three_rank3", L.Add(name="add"), [normal(2, 2, 3), normal(2, 2, 3), normal(2, 2, 3)]),
        Case("add_broadcast_rank", L.Add(name="add"), [normal(2, 3), normal(2, 4, 3)]),
        Case("add_single_input_fails", L.Add(name="add"), [normal(2, 3)], fails=True),
        Case("multiply", L.Multiply(name="multiply"), [normal(2, 4), normal(2, 4)]),
        Case("average_three", L.Average(name="average"), [normal(2, 3), normal(2, 3), normal(2, 3)]),
        Case("maximum", L.Maximum(name="maximum"), [normal(2, 4), normal(2, 4)]),
        Case("minimum", L.Minimum(name="minimum"), [normal(2, 4), normal(2, 4)]),
        Case("concatenate_last", L.Concatenate(name="concatenate"), [normal(2, 3), normal(2, 2)]),
        Case("concatenate_axis1_rank3", L.Concatenate(axis=1, name="concatenate"), [normal(2, 1, 3), normal(2, 2, 3)]),
        Case("concatenate_mismatch_fails", L.Concatenate(axis=1, name="concatenate"), [normal(2, 1, 3), normal(2, 2, 4)], fails=True),
        Case("dot_rank2", L.Dot(axes=1, name="dot"), [normal(3, 4), normal(3, 4)]),
        Case("dot_rank2_normalized", L.Dot(axes=1, normalize=True, name="dot"), [normal(3, 4), normal(3, 4)]),
        Case("dot_rank3_last_axes", L.Dot(axes=(2, 2), name="dot"), [normal(2, 3, 4), normal(2, 5, 4)]),
        Case("dot_rank3_axes_1_2", L.Dot(axes=(1, 2), name="dot"), [normal(2, 3, 4), normal(2, 5, 3)]),
        Case("dot_rank3_rank2", L.Dot(axes=(2, 1), name="dot"), [normal(2, 3, 4), normal(2, 4)]),
        Case("dot_rank3_normalized", L.Dot(axes=(1, 1), normalize=True, name="dot"), [normal(2, 3, 4), normal(2, 3, 2)]),
    ]


def main():
    bundle = sys.argv[sys.argv.index("--tfjs") + 1] if "--tfjs" in sys.argv else None
    loader = sys.argv[sys.argv.index("--loader") + 1] if "--loader" in sys.argv else None
    for file, cases in [("core.json", core_cases()), ("merge.json", merge_cases())]:
        print(file)
        entries = [build(case, bundle, loader) for case in cases]
        path = os.path.join(HERE, "layers", file)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({"cases": entries}, f, indent=None, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
