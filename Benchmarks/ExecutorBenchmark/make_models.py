"""Writes the full-size benchmark model to Benchmarks/.models/ (gitignored).

keras.applications.MobileNetV2 (alpha 1.0, 224x224, 1000 classes, random weights, BatchNormalization statistics
randomized as Samples/generate.py does), exported with model.export() and converted to a TF.js graph model as the
mobilenetv2-graph sample is. Also writes the Keras model (for tensorflow_baseline.py), one input and TensorFlow's
output for it. Run with the Samples venv:

    /work/venv-samples/bin/python Benchmarks/ExecutorBenchmark/make_models.py
"""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(os.path.dirname(HERE), ".models")
FULL = os.path.join(MODELS, "mobilenetv2-full")
# tensorflowjs imports tensorflow_decision_forests, which it never uses here: the converter runs with a stand-in.
CONVERTER = [sys.executable, "-c", "import sys, types; "
             "sys.modules['tensorflow_decision_forests'] = types.ModuleType('tensorflow_decision_forests'); "
             "from tensorflowjs.converters.converter import pip_main; sys.argv[0] = 'tensorflowjs_converter'; pip_main()"]


def randomize_batchnorm(model, rng):
    """Non-trivial moving statistics and affine parameters, so that no layer is an identity."""
    for layer in model.layers:
        if layer.__class__.__name__ != "BatchNormalization":
            continue
        values = []
        for weight in layer.weights:
            shape = tuple(weight.shape)
            if "moving_variance" in weight.name:
                values.append(rng.uniform(0.5, 1.5, shape).astype(np.float32))
            elif "moving_mean" in weight.name:
                values.append(rng.normal(0.0, 0.1, shape).astype(np.float32))
            elif "gamma" in weight.name:
                values.append(rng.uniform(0.8, 1.2, shape).astype(np.float32))
            else:
                values.append(rng.normal(0.0, 0.1, shape).astype(np.float32))
        layer.set_weights(values)


def main():
    import keras

    keras.utils.set_random_seed(6)
    rng = np.random.default_rng(6)
    model = keras.applications.MobileNetV2(input_shape=(224, 224, 3), alpha=1.0, weights=None, classes=1000,
                                           classifier_activation=None)
    randomize_batchnorm(model, rng)
    image = rng.uniform(-1, 1, (1, 224, 224, 3)).astype(np.float32)

    shutil.rmtree(FULL, ignore_errors=True)
    os.makedirs(FULL)
    model.save(os.path.join(FULL, "model.keras"))
    np.save(os.path.join(FULL, "input_0.npy"), image)
    np.save(os.path.join(FULL, "output_0.npy"), model(image, training=False).numpy())
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, "saved")
        model.export(saved)
        subprocess.run([*CONVERTER, "--input_format=tf_saved_model", "--output_format=tfjs_graph_model", saved,
                        os.path.join(FULL, "graph")], check=True)
    print(f"wrote {FULL}")


if __name__ == "__main__":
    main()
