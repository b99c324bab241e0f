"""TensorFlow's time per inference for the models the executor benchmark runs, on the same inputs.

Each model runs in its own process (the layers sample needs tf_keras, TF_USE_LEGACY_KERAS=1), as a tf.function
with batch 1, on every core: the median and minimum of --runs timed calls after --warmup calls. Writes
Benchmarks/.models/tensorflow-baseline.json, which `swift run -c release tfjslint-executor-benchmark` prints beside
its own figures. Run with the Samples venv after make_models.py:

    /work/venv-samples/bin/python Benchmarks/ExecutorBenchmark/tensorflow_baseline.py [--runs 30]

The originals of the samples are not stored: the graph sample's Keras 3 MobileNetV2 is rebuilt with the
configuration Samples/generate.py uses (time does not depend on the weights' values); the layers sample is loaded
from its model.json with tensorflowjs, so it runs the converted weights.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(ROOT, "Benchmarks", ".models")
SAMPLES = os.path.join(ROOT, "Samples")

BENCHMARKS = {
    "mobilenetv2-graph": os.path.join(SAMPLES, "mobilenetv2-graph", "input_0.npy"),
    "mobilenetv2-layers-tfkeras": os.path.join(SAMPLES, "mobilenetv2-layers-tfkeras", "input_0.npy"),
    "mobilenetv2-full": os.path.join(MODELS, "mobilenetv2-full", "input_0.npy"),
}


def load(name):
    if name == "mobilenetv2-graph":
        import keras
        return keras.applications.MobileNetV2(input_shape=(96, 96, 3), alpha=0.35, weights=None, classes=10,
                                              classifier_activation=None)
    if name == "mobilenetv2-layers-tfkeras":
        # tensorflowjs imports tensorflow_decision_forests, which loading a layers model never uses.
        sys.modules.setdefault("tensorflow_decision_forests", types.ModuleType("tensorflow_decision_forests"))
        from tensorflowjs.converters import keras_tfjs_loader
        return keras_tfjs_loader.load_keras_model(os.path.join(SAMPLES, name, "model.json"))
    import keras
    return keras.saving.load_model(os.path.join(MODELS, name, "model.keras"))


def measure(name, runs, warmup):
    import numpy as np
    import tensorflow as tf

    model = load(name)
    image = tf.constant(np.load(BENCHMARKS[name]))
    call = tf.function(lambda x: model(x, training=False))
    for _ in range(warmup):
        call(image).numpy()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call(image).numpy()
        times.append(time.perf_counter() - start)
    return {
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "runs": runs,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tensorflow": tf.__version__,
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads() or os.cpu_count(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model:
        print(json.dumps(measure(args.model, args.runs, args.warmup)))
        return

    results = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()[0], "models": {}}
    for name, input_path in BENCHMARKS.items():
        if not os.path.exists(input_path):
            print(f"{name}: {input_path} is missing (run make_models.py)", file=sys.stderr)
            continue
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
        if name.endswith("tfkeras"):
            env["TF_USE_LEGACY_KERAS"] = "1"
        output = subprocess.run([sys.executable, __file__, "--model", name, "--runs", str(args.runs),
                                 "--warmup", str(args.warmup)], env=env, check=True, capture_output=True, text=True)
        results["models"][name] = json.loads(output.stdout.strip().splitlines()[-1])
        print(f"{name}: {results['models'][name]['median_ms']:.2f} ms (median of {args.runs})")
    results["load_average_after"] = os.getloadavg()[0]
    os.makedirs(MODELS, exist_ok=True)
    with open(os.path.join(MODELS, "tensorflow-baseline.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
