"""Writes Fixtures/graphs/<name>/: graph models converted by tensorflowjs_converter 4.22, with the attrs the
converter really writes, their inputs (inputs.npz) and golden outputs (outputs.npz, keyed by signature output).
`ops-mix` is a tf.function using ~30 op types; `keras-mix` a tf_keras model of common layers. Golden values are
TensorFlow's, except ops-mix's output `c`, a strided slice after which a shrunk axis TF.js 4.22 mishandles: it
holds TF.js's values (checked with the real bundle).

Run with the Samples venv: /work/venv-samples/bin/python Tests/TFJSExecutorTests/Fixtures/generate_graphs.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GRAPHS = os.path.join(HERE, "graphs")


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


def keras_mix():
    """A tf_keras model of common layers (conv, batch norm, transposed conv, upsampling, separable conv, flatten,
    embedding, attention, pooling), wrapped in a serving function. (tf_keras's LayerNormalization becomes a
    FusedBatchNormV3 with empty mean and variance, which TF.js 4.22 turns into NaN; an op fixture covers it.)"""
    import tf_keras as keras
    keras.utils.set_random_seed(3)
    image = keras.Input([8, 8, 3], name="image")
    tokens = keras.Input([6], dtype="int32", name="tokens")
    y = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(image)
    y = keras.layers.BatchNormalization()(y, training=False)
    y = keras.layers.Conv2DTranspose(3, 3, strides=2, padding="same")(y)
    y = keras.layers.MaxPooling2D(2)(y)
    y = keras.layers.UpSampling2D(2)(y)
    y = keras.layers.SeparableConv2D(4, 3, strides=2, activation="elu")(y)
    pooled = keras.layers.GlobalMaxPooling2D()(y)
    flat = keras.layers.Flatten()(y)
    t = keras.layers.Embedding(20, 8)(tokens)
    t = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(t, t)
    t = keras.layers.GlobalAveragePooling1D()(t)
    merged = keras.layers.Concatenate()([pooled, flat, t])
    out = keras.layers.Dense(5, activation="softmax")(keras.layers.Dense(16, activation="swish")(merged))
    model = keras.Model([image, tokens], out)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.set_weights([w + np.random.RandomState(1).uniform(0.1, 0.5, w.shape).astype(np.float32) for w in layer.get_weights()])

    class Served(tf.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 3], tf.float32), tf.TensorSpec([None, 6], tf.int32)])
        def serve(self, image, tokens):
            return {"probabilities": self.model([image, tokens], training=False)}

    return Served()


def write(name, module, inputs, adjust=None):
    folder = os.path.join(GRAPHS, name)
    shutil.rmtree(folder, ignore_errors=True)
    convert(module, folder)
    outputs = {key: value.numpy() for key, value in module.serve(*inputs.values()).items()}
    if adjust:
        adjust(outputs)
    signature = json.load(open(os.path.join(folder, "model.json")))["signature"]["outputs"]
    # Outputs sharing dtype and shape get the tensor name as key; the SavedModel lists outputs in key order.
    golden = {}
    for index, key in enumerate(sorted(outputs)):
        name = key if key in signature else ("Identity:0" if index == 0 else f"Identity_{index}:0")
        assert name in signature, name
        golden[name] = outputs[key]
    np.savez(os.path.join(folder, "inputs.npz"), **inputs)
    np.savez(os.path.join(folder, "outputs.npz"), **golden)


def main():
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (2, 6, 8, 3)).astype(np.float32)
    ids = rng.randint(0, 12, (2, 5)).astype(np.int32)
    def strided_slice_as_tfjs(outputs):
        # TF.js walks the [2, 2, 8] output against input dimensions 0-2 and adds the last coordinate unscaled, losing
        # the shrunk index 1: element [a, b, k] reads x.flat[(7 - k) + a*144 + (1 + 2b)*24].
        flat = x.reshape(-1)
        outputs["c"] = np.array([[[flat[(7 - k) + a * 144 + (1 + 2 * b) * 24] for k in range(8)] for b in range(2)] for a in range(2)],
                                np.float32)

    write("ops-mix", OpsMix(), {"x": x, "ids": ids}, strided_slice_as_tfjs)
    image = rng.uniform(-1, 1, (2, 8, 8, 3)).astype(np.float32)
    tokens = rng.randint(0, 20, (2, 6)).astype(np.int32)
    write("keras-mix", keras_mix(), {"image": image, "tokens": tokens})


if __name__ == "__main__":
    main()
