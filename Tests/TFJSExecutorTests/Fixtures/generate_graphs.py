"""Writes Fixtures/graphs/ops-mix/: a graph model converted by tensorflowjs_converter 4.22 from a tf.function that
uses ~30 op types with the attrs the converter really writes, its inputs (inputs.npz) and golden outputs
(outputs.npz, keyed by signature output). Golden values are TensorFlow's, except output `c`, a strided slice after
which a shrunk axis TF.js 4.22 mishandles: it holds TF.js's values (checked with the real bundle).

Run with the Samples venv: /work/venv-samples/bin/python Tests/TFJSExecutorTests/Fixtures/generate_graphs.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "graphs", "ops-mix")


class OpsMix(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([2, 6, 8, 3], tf.float32), tf.TensorSpec([2, 5], tf.int32)])
    def serve(self, x, ids):
        shape = tf.shape(x)
        flat = tf.reshape(x, [shape[0], -1])
        mean = tf.reduce_mean(x, axis=[1, 2], keepdims=True)
        squeezed = tf.squeeze(mean, axis=[1])
        first, second = tf.split(x, 2, axis=2)
        return {
            "c": x[:, 1:5:2, ::-1, 1],
            "d": tf.gather(x, ids % 6, axis=1, batch_dims=1),
            "e": tf.concat([squeezed[:, 0, :], tf.reduce_max(flat, axis=-1, keepdims=True)], axis=-1),
            "g": tf.stack([tf.reduce_sum(first, axis=[1, 2, 3]), tf.reduce_sum(second, axis=[1, 2, 3])], axis=1),
            "r": tf.image.resize(x, [9, 5], method="bilinear"),
            "rn": tf.image.resize(x, [4, 12], method="nearest"),
            "am": tf.cast(tf.argmax(flat, axis=1), tf.float32),
            "tk": tf.math.top_k(flat, k=3).values,
            "cs": tf.cumsum(flat, axis=1, reverse=True),
            "sm": tf.nn.log_softmax(flat),
            "w": tf.where(flat > 0.5, flat, -flat),
            "t": tf.transpose(x, [0, 3, 1, 2]),
            "mp": tf.nn.max_pool2d(x, 3, 2, "SAME"),
            "ap": tf.nn.avg_pool2d(x, 2, 2, "VALID"),
            "pad": tf.pad(x, [[0, 0], [1, 2], [0, 1], [0, 0]], mode="REFLECT"),
            "oh": tf.one_hot(ids % 4, 4),
            "ed": tf.expand_dims(tf.range(0, 5, dtype=tf.float32), 0) * tf.cast(ids, tf.float32),
            "tile": tf.tile(squeezed, [1, 2, 2]),
        }


def convert(module, folder):
    """tensorflowjs 4.22 imports tensorflow_decision_forests, which has no TF 2.21 build: an empty stand-in is put
    on the converter's PYTHONPATH."""
    work = tempfile.mkdtemp()
    os.makedirs(os.path.join(work, "stub", "tensorflow_decision_forests"))
    open(os.path.join(work, "stub", "tensorflow_decision_forests", "__init__.py"), "w").close()
    tf.saved_model.save(module, os.path.join(work, "saved"), signatures={"serving_default": module.serve})
    converter = os.path.join(os.path.dirname(sys.executable), "tensorflowjs_converter")
    env = {**os.environ, "PYTHONPATH": os.path.join(work, "stub")}
    subprocess.run([converter, "--input_format=tf_saved_model", "--output_format=tfjs_graph_model", os.path.join(work, "saved"), folder],
                   check=True, env=env)
    shutil.rmtree(work)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    module = OpsMix()
    convert(module, OUT)
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (2, 6, 8, 3)).astype(np.float32)
    ids = rng.randint(0, 12, (2, 5)).astype(np.int32)
    outputs = {key: value.numpy() for key, value in module.serve(x, ids).items()}
    # TF.js walks the [2, 2, 8] output against input dimensions 0-2 and adds the last coordinate unscaled, losing the
    # shrunk index 1: element [a, b, k] reads x.flat[(7 - k) + a*144 + (1 + 2b)*24].
    flat = x.reshape(-1)
    outputs["c"] = np.array([[[flat[(7 - k) + a * 144 + (1 + 2 * b) * 24] for k in range(8)] for b in range(2)] for a in range(2)], np.float32)
    signature = json.load(open(os.path.join(OUT, "model.json")))["signature"]["outputs"]
    # Outputs sharing dtype and shape get the tensor name as key; the SavedModel lists outputs in key order.
    keys = sorted(outputs)
    golden = {}
    for index, key in enumerate(keys):
        name = key if key in signature else ("Identity:0" if index == 0 else f"Identity_{index}:0")
        assert name in signature, name
        golden[name] = outputs[key]
    np.savez(os.path.join(OUT, "inputs.npz"), x=x, ids=ids)
    np.savez(os.path.join(OUT, "outputs.npz"), **golden)


if __name__ == "__main__":
    main()
