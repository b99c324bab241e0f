#!/usr/bin/env python3
"""Runs every fixture through the real TF.js 4.22 bundle and through tfjslint, and prints the comparison table
of README.md. Needs node, the bundle (outside the repository) and a built tfjslint:

  python3 compare.py --bundle /path/to/tf.min.js --tfjslint ../../../../.build/debug/tfjslint \\
      --loader ../../../../../shared/tools/tfjs-load.js

For the models that load but might compute something else, the TF.js outputs are compared with what Keras
computes, re-implemented here for those small Dense models. `--folder` runs another folder of models (e.g.
converter outputs) the same way.
"""
import argparse
import json
import math
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def npy(path, shape, values, descr="<f4"):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, "".join("%d, " % d for d in shape))
    header += " " * (63 - 10 - len(header)) + "\n"
    fmt = "<%d%s" % (len(values), "i" if descr == "<i4" else "f")
    with open(path, "wb") as handle:
        handle.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack(fmt, *values))


def weights(name):
    model = json.load(open(os.path.join(HERE, name, "model.json")))
    blob = open(os.path.join(HERE, name, "group1-shard1of1.bin"), "rb").read()
    result, offset = {}, 0
    for entry in model["weightsManifest"][0]["weights"]:
        count = math.prod(entry["shape"])
        result[entry["name"]] = struct.unpack_from("<%df" % count, blob, offset)
        offset += 4 * count
    return result


def dense(x, kernel, bias, units):
    return [sum(x[i] * kernel[i * units + j] for i in range(len(x))) + bias[j] for j in range(units)]


INPUT = [0.9, -1.7, 2.3, -0.4]
# Gives the ReLU fixture a negative pre-activation, where negative_slope would matter.
RELU_INPUT = [-0.9, 1.7, -2.3, 0.4]


def keras_reference(name):
    """What Keras (3 for hard_sigmoid) computes for the drift fixtures, on INPUT."""
    w = weights(name)
    z = dense(RELU_INPUT if name == "relu_negative_slope" else INPUT, w["d1/kernel"], w["d1/bias"], 2)
    if name == "hard_sigmoid_keras3":
        return [min(max(v + 3, 0), 6) / 6 for v in z]
    if name == "relu_negative_slope":
        return [v if v > 0 else 0.1 * v for v in z]
    if name == "constraint_nonneg":
        return z
    return None


def run_tfjs(args, name, temp):
    model_path = os.path.join(args.folder, name, "model.json")
    fmt = json.load(open(model_path)).get("format", "layers-model").replace("-model", "")
    extra = []
    if "center_crop" in name or "resizing" in name:
        extra = ["--random", "1,8,8,3"]  # the shape the model was saved with
    elif "embedding" in name:
        path = os.path.join(temp, "tokens.npy")
        npy(path, [1, 6], [1, 4, 2, 9, 0, 3], "<i4")
        extra = [path]
    elif keras_reference_name(name) and args.folder == HERE:
        path = os.path.join(temp, "x.npy")
        npy(path, [1, 4], RELU_INPUT if name == "relu_negative_slope" else INPUT)
        extra = [path]
    proc = subprocess.run(["node", args.loader, model_path, fmt, *extra, "--bundle", args.bundle],
                          capture_output=True, text=True, timeout=120)
    try:
        return json.loads(proc.stdout), proc.returncode
    except json.JSONDecodeError:
        return {"ok": False, "error": proc.stderr.strip()[-200:]}, proc.returncode


def keras_reference_name(name):
    return name in ("hard_sigmoid_keras3", "relu_negative_slope", "constraint_nonneg")


def tfjs_summary(args, name, result, code):
    if code != 0 or not result.get("ok", False):
        stage = "load" if code == 1 else "predict"
        return False, "fails at %s: `%s`" % (stage, result.get("error", "?").split("\n")[0][:110])
    text = "runs" + (" (needs executeAsync)" if result.get("used_executeAsync") else "")
    if keras_reference_name(name) and args.folder == HERE:
        expected = keras_reference(name)
        got = result["outputs"][0]["values"]
        diff = max(abs(a - b) for a, b in zip(expected, got))
        text += "; max abs diff to Keras %.3g" % diff
    if name == "graph_nchw_conv":
        text += "; output shape %s, TF gives [1, 2, 3, 3]" % result["outputs"][0]["shape"]
    return True, text


def tfjslint_summary(args, name):
    proc = subprocess.run([args.tfjslint, "check", os.path.join(args.folder, name), "--format", "json", "--fail-on", "info"],
                          capture_output=True, text=True)
    findings = json.loads(proc.stdout)["findings"]
    errors = sorted({f["ruleId"] for f in findings if f["severity"] == "error"})
    others = sorted({"%s (%s)" % (f["ruleId"], f["severity"]) for f in findings if f["severity"] != "error"})
    return errors, others


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--tfjslint", required=True)
    parser.add_argument("--loader", required=True)
    parser.add_argument("--folder", default=HERE, help="a folder of <name>/model.json models (default: the fixtures)")
    args = parser.parse_args()
    args.folder = os.path.abspath(args.folder)
    names = sorted(n for n in os.listdir(args.folder) if os.path.isfile(os.path.join(args.folder, n, "model.json")))
    print("| model | TF.js 4.22 | tfjslint errors | other findings | agree |")
    print("|---|---|---|---|---|")
    disagreements = 0
    with tempfile.TemporaryDirectory() as temp:
        for name in names:
            result, code = run_tfjs(args, name, temp)
            runs, text = tfjs_summary(args, name, result, code)
            errors, others = tfjslint_summary(args, name)
            agree = runs == (not errors)
            disagreements += not agree
            print("| %s | %s | %s | %s | %s |" % (name, text, ", ".join(errors) or "-", ", ".join(others) or "-",
                                                  "yes" if agree else "**no**"))
    print("\n%d of %d disagree." % (disagreements, len(names)))


if __name__ == "__main__":
    main()
