#!/usr/bin/env python3
"""Runs every fixture, as converted and after `tfjslint check --fix` / `--unsafe-fixes`, in the real TF.js 4.22.

usage: python3 check_tfjs.py PATH/TO/tf.min.js PATH/TO/tfjslint [PATH/TO/tfjs-load.js]

Writes tfjs-4.22.json: per fixture and stage, whether TF.js loads and runs it, its error, and the largest
absolute difference between TF.js's outputs and the outputs Keras computed (output_<i>.npy). The bundle is
third-party code and stays outside the repository; tfjs-load.js (default: ../shared/tools/ beside the
repository) runs it under node.
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
REPOSITORY = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))


def run_tfjs(folder, golden, bundle, loader):
    inputs = sorted(glob.glob(os.path.join(golden, "input_*.npy")))
    run = subprocess.run(["node", loader, os.path.join(folder, "model.json"), "layers", *inputs, "--bundle", bundle],
                         capture_output=True, text=True, timeout=600)
    start = run.stdout.find("{")
    result = json.loads(run.stdout[start:run.stdout.rfind("}") + 1]) if start >= 0 else {}
    entry = {"runs": bool(result.get("ok")), "error": None if result.get("ok") else result.get("error", run.stderr[-300:]),
             "maxAbsError": None}
    if result.get("ok"):
        worst = 0.0
        for out, path in zip(result["outputs"], sorted(glob.glob(os.path.join(golden, "output_*.npy")))):
            expected = np.load(path)
            got = np.asarray(out["values"] if "values" in out else out["data"], dtype=np.float64).reshape(expected.shape)
            worst = max(worst, float(np.max(np.abs(got - expected))))
        entry["maxAbsError"] = worst
    return entry


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    bundle, tfjslint = (os.path.abspath(p) for p in sys.argv[1:3])
    loader = os.path.abspath(sys.argv[3]) if len(sys.argv) == 4 else os.path.join(
        REPOSITORY, "..", "shared", "tools", "tfjs-load.js")
    report = {}
    for folder in sorted(os.path.dirname(p) for p in glob.glob(os.path.join(HERE, "*", "model.json"))):
        name = os.path.basename(folder)
        report[name] = {"converted": run_tfjs(folder, folder, bundle, loader)}
        for stage, flag in [("fix", "--fix"), ("unsafeFixes", "--unsafe-fixes")]:
            with tempfile.TemporaryDirectory() as tmp:
                copy = os.path.join(tmp, name)
                shutil.copytree(folder, copy)
                subprocess.run([tfjslint, "check", flag, copy], capture_output=True)
                report[name][stage] = run_tfjs(copy, folder, bundle, loader)
        print(name, json.dumps(report[name]), flush=True)
    with open(os.path.join(HERE, "tfjs-4.22.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
