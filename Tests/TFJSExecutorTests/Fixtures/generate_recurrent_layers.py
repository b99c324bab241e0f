"""Fixture cases for the executor's recurrent and wrapper layers (layers/recurrent.json, layers/wrappers.json).

Run with the Samples venv (TF 2.21, tf_keras 2.21, tensorflowjs 4.22):

    /work/venv-samples/bin/python Tests/TFJSExecutorTests/Fixtures/generate_recurrent_layers.py [--tfjs OUTSIDE/tf.min.js]

Each case is one tf_keras layer (TF_USE_LEGACY_KERAS=1, so `config` is what the converter writes) with random
weights, keyed by the names TF.js 4.22 gives them relative to the layer (`kernel`, `forward_lstm/kernel`,
`RNNCell_0/kernel`). With `--tfjs`, every case is also converted with tensorflowjs and run by the real TF.js bundle
under node: the script checks that TF.js's variable names are the ones written here, that TF.js refuses the cases
marked "fails", and that TF.js computes the expected outputs: Keras's, or where TF.js differs (such cases say so in
their name) Keras's rearranged the way TF.js arranges them.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import types

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
# tensorflowjs imports tensorflow_decision_forests, which has no build for TF 2.21 and is never used here.
sys.modules.setdefault("tensorflow_decision_forests", types.ModuleType("tensorflow_decision_forests"))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

NODE_RUNNER = r"""
const fs = require('fs'), path = require('path');
const write = s => process.stdout.write(s);
console.log = console.warn = console.info = (...a) => process.stderr.write(a.join(' ') + '\n');
const tf = require(process.argv[2]);
(async () => {
  await tf.setBackend('cpu');
  const dir = process.argv[3], request = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
  const modelJSON = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const specs = [], buffers = [];
  for (const group of modelJSON.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const data = Buffer.concat(buffers);
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  let model;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: modelJSON.modelTopology, weightSpecs: specs, weightData}));
  } catch (e) { write(JSON.stringify({ok: false, stage: 'load', error: e.message})); return; }
  const layer = model.getLayer(request.layer);
  const weights = layer.weights.map(w => ({name: w.originalName, shape: w.shape, values: Array.from(w.read().dataSync())}));
  try {
    const xs = request.inputs.map(t => tf.tensor(t.values, t.shape));
    const y = model.predict(xs.length === 1 ? xs[0] : xs);
    const ys = Array.isArray(y) ? y : [y];
    write(JSON.stringify({ok: true, weights, outputs: ys.map(t => ({shape: t.shape, values: Array.from(t.dataSync())}))}));
  } catch (e) { write(JSON.stringify({ok: false, stage: 'predict', error: e.message, weights})); }
})();
"""


def tensor(array):
    array = np.asarray(array, dtype=np.float32)
    return {"dtype": "float32", "shape": list(array.shape), "values": [float(f"{v:.8g}") for v in array.ravel()]}


def tfjs_short_names(layer):
    """TF.js's weight names relative to the layer, in layer.weights order (TF.js creates them in the same order)."""
    def plain(rnn, prefix=""):
        cell = rnn.cell
        if isinstance(cell, keras.layers.StackedRNNCells):
            names = []
            for index, inner in enumerate(cell.cells):
                names += [f"{prefix}RNNCell_{index}/{w.name.split('/')[-1].split(':')[0]}" for w in inner.weights]
            return names
        return [prefix + w.name.split("/")[-1].split(":")[0] for w in rnn.weights]

    if isinstance(layer, keras.layers.Bidirectional):
        inner = layer.forward_layer.name.removeprefix("forward_")
        return plain(layer.forward_layer, f"forward_{inner}/") + plain(layer.backward_layer, f"backward_{inner}/")
    if isinstance(layer, keras.layers.TimeDistributed):
        return tfjs_short_names(layer.layer)
    if isinstance(layer, keras.layers.RNN):
        return plain(layer)
    return [w.name.split("/")[-1].split(":")[0] for w in layer.weights]


def run_tfjs(bundle, model, layer_name, inputs, renames, edit_topology=None):
    """TF.js's weights of the layer and outputs of the model; `renames` maps converter weight names to TF.js's, and
    `edit_topology(model_config)` changes the converted topology before TF.js loads it."""
    import tensorflowjs as tfjs
    with tempfile.TemporaryDirectory() as folder:
        tfjs.converters.save_keras_model(model, folder)
        if renames or edit_topology:
            path = os.path.join(folder, "model.json")
            with open(path) as f:
                model_json = json.load(f)
            if edit_topology:
                edit_topology(model_json["modelTopology"]["model_config"])
            for group in model_json["weightsManifest"]:
                for weight in group["weights"]:
                    weight["name"] = renames.get(weight["name"], weight["name"])
            with open(path, "w") as f:
                json.dump(model_json, f)
        request = os.path.join(folder, "request.json")
        with open(request, "w") as f:
            json.dump({"layer": layer_name, "inputs": [tensor(x) for x in inputs]}, f)
        runner = os.path.join(folder, "runner.js")
        with open(runner, "w") as f:
            f.write(NODE_RUNNER)
        result = subprocess.run(["node", runner, bundle, folder, request], capture_output=True, text=True, check=True)
        return json.loads(result.stdout)


class Cases:
    def __init__(self, bundle):
        self.bundle = bundle
        self.rng = np.random.default_rng(20261202)
        self.files = {}

    def add(self, file, name, make_layer, input_shapes, fails=False, tfjs_outputs=None, call=None, rename=False, predict=None):
        """One case: `make_layer()` applied to inputs of `input_shapes` (batch first); `call(layer, inputs)` when the
        layer takes more than one input (initial states). `rename`: the converter's weight names do not load in TF.js
        (a loader matter, not the layer's), so the TF.js check renames them to TF.js's names first. `predict(layer, xs)`
        replaces Keras's own predict where TensorFlow on CPU cannot run the layer; `tfjs_outputs(ys)` gives TF.js's
        outputs from Keras's where TF.js differs."""
        keras.backend.clear_session()
        layer = make_layer()
        inputs = [keras.Input(batch_shape=shape) for shape in input_shapes]
        # Flat outputs: tf_keras nests a stacked cell's states, which TF.js cannot read from output_layers.
        outputs = tf.nest.flatten(call(layer, inputs) if call else layer(inputs[0]))
        model = keras.Model(inputs, outputs)
        for weight in layer.weights:
            weight.assign(self.rng.uniform(-0.6, 0.6, weight.shape).astype(np.float32))
        xs = [self.rng.uniform(-1, 1, shape).astype(np.float32) for shape in input_shapes]
        ys = predict(layer, xs) if predict else model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
        ys = ys if isinstance(ys, list) else [ys]
        if tfjs_outputs:
            ys = tfjs_outputs(ys)
        names = tfjs_short_names(layer)
        weights = {short: w.numpy() for short, w in zip(names, layer.weights)}
        if self.bundle:
            renames = {w.name.split(":")[0]: f"{layer.name}/{short}" for short, w in zip(names, layer.weights)} if rename else {}
            self.check(name, model, layer, names, xs, ys, fails, renames)
        case = {"name": name, "class_name": layer.__class__.__name__, "config": layer.get_config(),
                "weights": {key: tensor(value) for key, value in weights.items()},
                "inputs": [tensor(x) for x in xs], "outputs": [] if fails else [tensor(y) for y in ys]}
        if fails:
            case["fails"] = True
        self.files.setdefault(file, []).append(case)

    def check(self, name, model, layer, names, xs, ys, fails, renames):
        result = run_tfjs(self.bundle, model, layer.name, xs, renames)
        if fails:
            assert not result["ok"], f"{name}: TF.js ran a case marked as failing"
            print(f"{name}: TF.js fails as expected: {result['error']}")
            return
        assert result["ok"], f"{name}: TF.js failed: {result}"
        tfjs_names = [w["name"].removeprefix(layer.name + "/") for w in result["weights"]]
        assert tfjs_names == names, f"{name}: TF.js names {tfjs_names}, expected {names}"
        differences = [np.max(np.abs(np.array(got["values"], dtype=np.float32).reshape(got["shape"]) - expected))
                       if list(got["shape"]) == list(expected.shape) else np.inf for got, expected in zip(result["outputs"], ys)]
        assert len(differences) == len(ys) and max(differences) < 1e-5, f"{name}: TF.js differs by {differences}"
        print(f"{name}: TF.js agrees")

    def write(self):
        for file, cases in self.files.items():
            path = os.path.normpath(os.path.join(HERE, "layers", file))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                json.dump({"cases": cases}, f, separators=(",", ":"))
                f.write("\n")
            print(f"{path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


def recurrent(cases):
    L = keras.layers
    seq = [2, 3, 3]
    add = lambda *a, **k: cases.add("recurrent.json", *a, **k)  # noqa: E731
    add("simple_rnn_last_output", lambda: L.SimpleRNN(4, name="simple_rnn"), [seq])
    add("simple_rnn_sequences_relu_no_bias", lambda: L.SimpleRNN(3, activation="relu", use_bias=False, return_sequences=True, name="rnn_relu"), [seq])
    add("simple_rnn_backwards_sequences_state", lambda: L.SimpleRNN(2, go_backwards=True, return_sequences=True, return_state=True, name="rnn_back"), [seq])
    add("gru_reset_after_fails", lambda: L.GRU(3, name="gru"), [seq], fails=True)
    add("gru_reset_before", lambda: L.GRU(3, reset_after=False, name="gru"), [seq])
    add("gru_reset_before_hard_sigmoid_backwards_state", lambda: L.GRU(
        2, reset_after=False, recurrent_activation="hard_sigmoid", go_backwards=True, return_sequences=True, return_state=True,
        name="gru_hs"), [seq])
    add("gru_reset_before_no_bias_softsign", lambda: L.GRU(3, reset_after=False, use_bias=False, activation="softsign", name="gru_nb"), [seq])
    add("lstm_last_output", lambda: L.LSTM(3, name="lstm"), [seq])
    add("lstm_sequences_state", lambda: L.LSTM(2, return_sequences=True, return_state=True, name="lstm_seq"), [seq])
    add("lstm_hard_sigmoid_backwards_no_bias", lambda: L.LSTM(
        3, recurrent_activation="hard_sigmoid", go_backwards=True, use_bias=False, name="lstm_hs"), [[1, 4, 2]])
    add("lstm_stateful_dropout_as_identity", lambda: L.LSTM(2, stateful=True, dropout=0.5, recurrent_dropout=0.5, name="lstm_sf"), [seq])
    add("lstm_initial_state_inputs", lambda: L.LSTM(2, return_sequences=True, name="lstm_init"), [seq, [2, 2], [2, 2]],
        call=lambda layer, inputs: layer(inputs[0], initial_state=inputs[1:]))
    add("rnn_lstm_cell", lambda: L.RNN(L.LSTMCell(3), name="rnn"), [seq])
    add("rnn_simple_cell_sequences", lambda: L.RNN(L.SimpleRNNCell(2, activation="elu"), return_sequences=True, name="rnn_s"), [seq])
    add("rnn_gru_cell_reset_before_state", lambda: L.RNN(L.GRUCell(2, reset_after=False), return_state=True, name="rnn_g"), [seq])
    add("rnn_gru_cell_reset_after_fails", lambda: L.RNN(L.GRUCell(2), name="rnn_ga"), [seq], fails=True)
    # tf_keras orders a stacked cell's states by cell, TF.js in reverse cell order ([h, c] of the LSTM first). TF.js
    # names a stacked cell's weights `rnn_stack/RNNCell_0/kernel`, so the converter's names do not load (the loader's
    # business); the layer itself is checked with the weights renamed.
    add("rnn_stacked_cells_state_tfjs_reverse_state_order", lambda: L.RNN([L.SimpleRNNCell(3), L.LSTMCell(2)], return_sequences=True, return_state=True,
                                                 name="rnn_stack"), [seq], rename=True,
        tfjs_outputs=lambda ys: [ys[0], ys[2], ys[3], ys[1]])
    add("conv_lstm2d_valid_sequences", lambda: L.ConvLSTM2D(2, 3, return_sequences=True, name="conv_lstm2d"), [[1, 2, 5, 5, 2]])
    add("conv_lstm2d_same_strides_state", lambda: L.ConvLSTM2D(2, (2, 3), strides=2, padding="same", return_state=True,
                                                               name="conv_lstm_s"), [[2, 2, 5, 4, 1]])
    add("conv_lstm2d_dilated_backwards_no_bias", lambda: L.ConvLSTM2D(1, 2, dilation_rate=2, go_backwards=True, use_bias=False,
                                                                      recurrent_activation="hard_sigmoid", name="conv_lstm_d"),
        [[1, 3, 5, 5, 2]])
    add("conv_lstm2d_channels_first_sequences_state", lambda: L.ConvLSTM2D(
        2, 2, data_format="channels_first", return_sequences=True, return_state=True, name="conv_lstm_cf"), [[1, 2, 3, 4, 5]],
        predict=channels_first_conv_lstm2d)


def channels_first_conv_lstm2d(layer, xs):
    """Keras's ConvLSTM2D with channels_first, computed as the same layer in channels_last on transposed tensors
    (TensorFlow's CPU convolutions are NHWC only)."""
    config = dict(layer.get_config(), data_format="channels_last", name="channels_last_twin")
    twin = keras.layers.ConvLSTM2D.from_config(config)
    x = np.transpose(xs[0], (0, 1, 3, 4, 2))
    twin(x)  # builds the weights
    twin.set_weights(layer.get_weights())
    ys = tf.nest.flatten(twin(x))
    return [np.transpose(y.numpy(), (0, 1, 4, 2, 3) if y.shape.rank == 5 else (0, 3, 1, 2)) for y in ys]


def wrappers(cases):
    L = keras.layers
    seq = [2, 3, 3]
    add = lambda *a, **k: cases.add("wrappers.json", *a, **k)  # noqa: E731
    add("bidirectional_lstm_concat_sequences", lambda: L.Bidirectional(L.LSTM(2, return_sequences=True, name="lstm"), name="bidirectional"), [seq])
    add("bidirectional_gru_reset_before_sum", lambda: L.Bidirectional(L.GRU(2, reset_after=False, name="gru"), merge_mode="sum", name="bi_gru"), [seq])
    add("bidirectional_gru_reset_after_fails", lambda: L.Bidirectional(L.GRU(2, name="gru"), name="bi_gru_ra"), [seq], fails=True)
    add("bidirectional_simple_rnn_mul_sequences", lambda: L.Bidirectional(L.SimpleRNN(2, return_sequences=True, name="srnn"), merge_mode="mul", name="bi_mul"), [seq])
    add("bidirectional_lstm_ave_state", lambda: L.Bidirectional(L.LSTM(2, return_state=True, name="lstm"), merge_mode="ave", name="bi_ave"), [seq])
    add("bidirectional_lstm_merge_none_sequences_state", lambda: L.Bidirectional(
        L.LSTM(2, return_sequences=True, return_state=True, name="lstm"), merge_mode=None, name="bi_none"), [seq])
    add("bidirectional_backwards_lstm_concat_sequences", lambda: L.Bidirectional(
        L.LSTM(2, return_sequences=True, go_backwards=True, name="lstm_b"), name="bi_back"), [seq])
    add("bidirectional_lstm_initial_state_inputs", lambda: L.Bidirectional(L.LSTM(2, return_sequences=True, name="lstm"), name="bi_init"),
        [seq, [2, 2], [2, 2], [2, 2], [2, 2]], call=lambda layer, inputs: layer(inputs[0], initial_state=inputs[1:]))
    # TF.js's RNN.fromConfig replaces the shared config's `cell` by the built cell, so Bidirectional's second copy
    # (the backward layer) cannot be deserialized: "layer: Improper config format".
    add("bidirectional_rnn_lstm_cell_fails", lambda: L.Bidirectional(L.RNN(L.LSTMCell(2), name="rnn"), name="bi_rnn"), [seq], fails=True)
    add("bidirectional_rnn_stacked_cells_fails", lambda: L.Bidirectional(
        L.RNN([L.SimpleRNNCell(2), L.GRUCell(2, reset_after=False)], name="rnn"), name="bi_stack"), [seq], fails=True)
    add("time_distributed_lstm", lambda: L.TimeDistributed(L.LSTM(2, name="lstm"), name="time_distributed"), [[2, 2, 3, 3]])
    add("time_distributed_bidirectional_gru_reset_before", lambda: L.TimeDistributed(
        L.Bidirectional(L.GRU(2, reset_after=False, return_sequences=True, name="gru"), name="bi"), name="td_bi"), [[1, 2, 3, 2]])
    add("time_distributed_conv_lstm2d", lambda: L.TimeDistributed(L.ConvLSTM2D(1, 2, name="cl"), name="td_cl"), [[1, 2, 2, 3, 3, 1]])


def wrappers_of_other_layers(cases):
    """TimeDistributed over Dense and Conv2D."""
    L = keras.layers
    add = lambda *a, **k: cases.add("wrappers_dense_conv.json", *a, **k)  # noqa: E731
    add("time_distributed_dense", lambda: L.TimeDistributed(L.Dense(3, activation="relu", name="dense"), name="time_distributed"),
        [[2, 3, 4]])
    add("time_distributed_dense_rank4", lambda: L.TimeDistributed(L.Dense(2, name="dense"), name="td_dense"), [[1, 2, 3, 4]])
    add("time_distributed_conv2d", lambda: L.TimeDistributed(L.Conv2D(2, 2, padding="same", name="conv"), name="td_conv"),
        [[1, 2, 3, 3, 2]])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tfjs", help="the TF.js 4.22 bundle (tf.min.js) to check every case with, outside the project")
    arguments = parser.parse_args()
    cases = Cases(arguments.tfjs)
    recurrent(cases)
    wrappers(cases)
    wrappers_of_other_layers(cases)
    cases.write()


if __name__ == "__main__":
    main()
