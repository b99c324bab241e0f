#!/usr/bin/env python3
"""Records what the real TF.js 4.22 does with every sample: Samples/tfjs-behaviour.json.

usage: python3 Samples/record_tfjs_behaviour.py PATH/TO/tf.min.js [PATH/TO/tfjslint]

Runs ../shared/tools/tfjs-load.js (the TF.js 4.22.0 union bundle under node, cpu backend) on each
model.json with its golden inputs, and compares the outputs with the golden outputs. The bundle is
third-party code and lives outside this repository. Given a tfjslint binary, every Keras 3 sample is
also fixed in a temporary copy (`tfjslint check --unsafe-fixes`) and run again: `afterFix`.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
LOADER = os.path.join(HERE, "..", "..", "shared", "tools", "tfjs-load.js")


def model_format(folder):
    try:
        text = open(os.path.join(folder, "model.json")).read()
        data = json.loads(text)
        if data.get("format") == "graph-model" or "node" in data.get("modelTopology", {}):
            return "graph"
    except (ValueError, AttributeError):
        if '"graph-model"' in text:
            return "graph"
    return "layers"


def record(folder, bundle, golden_folder=None):
    kind = model_format(folder)
    inputs = sorted(glob.glob(os.path.join(folder, "input_*.npy")))
    if not inputs and os.path.basename(os.path.dirname(folder)) == "broken":
        source = open(os.path.join(folder, "BROKEN.md")).read().split("`")[1]
        inputs = sorted(glob.glob(os.path.join(HERE, source, "input_*.npy")))
        golden_folder = os.path.join(HERE, source)
    else:
        golden_folder = golden_folder or folder
    run = subprocess.run(["node", LOADER, os.path.join(folder, "model.json"), kind, *inputs, "--bundle", bundle],
                         capture_output=True, text=True, timeout=600)
    start = run.stdout.find("{")
    result = json.loads(run.stdout[start:run.stdout.rfind("}") + 1]) if start >= 0 else {}
    entry = {"format": kind, "loads": result.get("stage") != "load" and run.returncode != 1,
             "runs": bool(result.get("ok")), "error": None if result.get("ok") else result.get("error"),
             "maxAbsError": None}
    goldens = sorted(glob.glob(os.path.join(golden_folder, "output_*.npy")))
    if result.get("ok") and goldens:
        errors = []
        for out, golden in zip(result["outputs"], goldens):
            expected = np.load(golden)
            got = np.asarray(out["values"] if "values" in out else out["data"], dtype=np.float64).reshape(expected.shape)
            errors.append(float(np.max(np.abs(got - expected))))
        worst = max(errors)
        entry["maxAbsError"] = worst if np.isfinite(worst) else "NaN"  # JSON has no NaN
    return entry


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    bundle = os.path.abspath(sys.argv[1])
    folders = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(HERE, "**", "model.json"), recursive=True))
    tfjslint = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else None
    behaviour = {}
    for folder in folders:
        name = os.path.relpath(folder, HERE)
        behaviour[name] = record(folder, bundle)
        if tfjslint and name.endswith("-keras3"):
            with tempfile.TemporaryDirectory() as tmp:
                copy = os.path.join(tmp, os.path.basename(folder))
                shutil.copytree(folder, copy)
                subprocess.run([tfjslint, "check", "--unsafe-fixes", copy], capture_output=True)
                behaviour[name]["afterFix"] = record(copy, bundle, golden_folder=folder)
        print(name, behaviour[name], flush=True)
    with open(os.path.join(HERE, "tfjs-behaviour.json"), "w") as f:
        json.dump(behaviour, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
