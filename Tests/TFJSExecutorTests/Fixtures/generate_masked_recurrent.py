"""Fixture cases for recurrent layers under a mask (layers/masked_recurrent.json), and small masked models
run end to end (models/<name>/: model.json, weights, inputs.json, golden.json).

Run with the Samples venv (TF 2.21, tf_keras 2.21, tensorflowjs 4.22) and the real TF.js bundle, which it needs:

    /work/venv-samples/bin/python Tests/TFJSExecutorTests/Fixtures/generate_masked_recurrent.py --tfjs OUTSIDE/tf.min.js

Each layer case is the model Input → Masking(0) → layer (for TF.js: Input → layer converted, the Masking layer then
written into its topology, so that cases Keras cannot build are checked too), some time steps (or, for ConvLSTM2D, some pixels) of the
input all zero. The case's `inputs` are those of the layer (Masking leaves them unchanged), `mask` the one Masking
gives it, `outputs` what TF.js 4.22 computes (the converted model run by the real bundle under node) and
`output_mask` the mask TF.js's execute then gives the outputs. Where Keras computes something else, or cannot run the
case, the case's name says so ("_tfjs_"); a case TF.js refuses is marked "fails". The models are converted by
tensorflowjs with their inputs and TF.js's outputs as goldens (`{name: {shape, data}}` JSON, as `tfjslint verify` reads it).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_recurrent_layers import HERE, keras, np, run_tfjs, tensor, tfjs_short_names  # noqa: E402

MODELS = os.path.join(HERE, "models")


class MaskedCases:
    def __init__(self, bundle):
        self.bundle = bundle
        self.rng = np.random.default_rng(20261203)
        self.cases = []

    def inputs(self, shape, zeroed):
        """Uniform values of `shape` with the positions in `zeroed` (index tuples over all but the last axis) zero."""
        x = self.rng.uniform(-1, 1, shape).astype(np.float32)
        for position in zeroed:
            x[position] = 0
        return x

    def add(self, name, make_layer, x, keras_differs=False, fails=False, rename=False):
        """`rename`: the converter's weight names do not load in TF.js (a stacked cell's), so TF.js gets TF.js's."""
        keras.backend.clear_session()
        layer = make_layer()
        source = keras.Input(batch_shape=x.shape, name="x")
        unmasked = keras.Model(source, _flat(layer(source)))
        for weight in layer.weights:
            weight.assign(self.rng.uniform(-0.6, 0.6, weight.shape).astype(np.float32))
        names = tfjs_short_names(layer)
        renames = {w.name.split(":")[0]: f"{layer.name}/{short}" for short, w in zip(names, layer.weights)} if rename else {}
        result = run_tfjs_masked(self.bundle, unmasked, layer.name, x, renames)
        mask = np.any(x != 0, axis=-1)
        case = {"name": name, "class_name": layer.__class__.__name__, "config": layer.get_config(),
                "weights": {short: tensor(w.numpy()) for short, w in zip(names, layer.weights)},
                "inputs": [tensor(x)], "mask": {"dtype": "bool", "shape": list(mask.shape), "values": [int(v) for v in mask.ravel()]}}
        if fails:
            assert not result["ok"], f"{name}: TF.js ran a case marked as failing"
            print(f"{name}: TF.js fails as expected: {result['error']}")
            case.update(outputs=[], fails=True)
            self.cases.append(case)
            return
        assert result["ok"], f"{name}: TF.js failed: {result}"
        outputs = [np.array(t["values"], dtype=np.float32).reshape(t["shape"]) for t in result["outputs"]]
        try:
            model = keras.Model(source, _flat(layer(keras.layers.Masking(0.0)(source))))
            ys = model.predict(x, verbose=0)
            ys = ys if isinstance(ys, list) else [ys]
            agree = all(y.shape == o.shape and np.max(np.abs(y - o)) < 1e-5 for y, o in zip(ys, outputs))
            if not agree and ys[0].shape == outputs[0].shape:
                differing = np.argwhere(np.abs(ys[0] - outputs[0]) >= 1e-5)
                print(f"{name}: Keras differs at {differing[:, :2].tolist()} (Keras zero there: {bool(np.all(ys[0][tuple(differing.T)] == 0))})")
        except Exception as error:  # noqa: BLE001 - Keras refusing the case is one way of differing
            print(f"{name}: Keras fails: {str(error).splitlines()[0]}")
            agree = False
        assert agree != keras_differs, f"{name}: Keras {'agrees' if agree else 'differs'}, the case says otherwise"
        print(f"{name}: Keras {'agrees with' if agree else 'differs from'} TF.js")
        sequences = getattr(layer, "return_sequences", False) or isinstance(layer, keras.layers.TimeDistributed)
        output_mask = mask if sequences else np.zeros([0], dtype=bool)
        case.update(outputs=[tensor(o) for o in outputs],
                    output_mask={"dtype": "bool", "shape": list(output_mask.shape), "values": [int(v) for v in output_mask.ravel()]})
        self.cases.append(case)

    def write(self):
        path = os.path.join(HERE, "layers", "masked_recurrent.json")
        with open(path, "w") as f:
            json.dump({"cases": self.cases}, f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {len(self.cases)} cases, {os.path.getsize(path)} bytes")


def _flat(outputs):
    return outputs if isinstance(outputs, list) else [outputs]


def run_tfjs_masked(bundle, model, layer_name, x, renames):
    """TF.js's weights of the layer and outputs of `model` (input `x` → the layer) converted, with a Masking layer
    written into the topology between them and weight names renamed by `renames`."""
    def insert_masking(model_config):
        layers = model_config["config"]["layers"]
        masking = {"class_name": "Masking", "config": {"name": "masking", "mask_value": 0.0},
                   "name": "masking", "inbound_nodes": [[["x", 0, 0, {}]]]}
        layers.insert(1, masking)
        layers[2]["inbound_nodes"] = [[["masking", 0, 0, {}]]]
    return run_tfjs(bundle, model, layer_name, [x], renames, edit_topology=insert_masking)


def layer_cases(cases):
    L = keras.layers
    # Sample 0 masks its first step (the output stays at the initial zero state), sample 1 its last two.
    seq = lambda: cases.inputs([2, 4, 3], [(0, 0), (1, 2), (1, 3)])  # noqa: E731
    middle = lambda: cases.inputs([2, 4, 3], [(0, 1), (1, 0), (1, 2)])  # noqa: E731
    cases.add("lstm_masked_last_output", lambda: L.LSTM(3, name="lstm"), seq())
    cases.add("lstm_masked_sequences_state", lambda: L.LSTM(2, return_sequences=True, return_state=True, name="lstm_s"), middle())
    cases.add("gru_reset_before_masked_backwards_sequences", lambda: L.GRU(
        2, reset_after=False, go_backwards=True, return_sequences=True, name="gru"), seq())
    cases.add("simple_rnn_masked_sequences_state", lambda: L.SimpleRNN(
        3, return_sequences=True, return_state=True, name="simple_rnn"), middle())
    cases.add("rnn_lstm_cell_masked_backwards", lambda: L.RNN(L.LSTMCell(2), go_backwards=True, name="rnn"), middle())
    # Keras's Bidirectional zeroes the outputs of masked steps of returned sequences; TF.js's keeps the previous one.
    cases.add("bidirectional_lstm_masked_concat_sequences_tfjs_keeps_previous_output", lambda: L.Bidirectional(
        L.LSTM(2, return_sequences=True, name="lstm"), name="bidirectional"), seq(), keras_differs=True)
    cases.add("bidirectional_gru_reset_before_masked_sum", lambda: L.Bidirectional(
        L.GRU(2, reset_after=False, name="gru"), merge_mode="sum", name="bi_gru"), middle())
    cases.add("time_distributed_dense_masked", lambda: L.TimeDistributed(L.Dense(2, name="dense"), name="time_distributed"), seq())
    # TimeDistributed hands its whole [batch, time, time2] mask to the wrapped LSTM at every step, whose rnn() then
    # steps it along `time` and blends [batch, time2] masks into its [batch, units] states (units = time2 here).
    cases.add("time_distributed_lstm_whole_mask_tfjs", lambda: L.TimeDistributed(L.LSTM(2, name="lstm"), name="td_lstm"),
              cases.inputs([1, 2, 2, 3], [(0, 0, 1)]), keras_differs=True)
    # Masking on a 5-D input masks pixels, and rnn() blends each pixel of the states on its own.
    frames = cases.inputs([1, 3, 3, 3, 2], [(0, 1), (0, 2, 0, 1), (0, 0, 2, 2)])
    cases.add("conv_lstm2d_same_masked_pixels", lambda: L.ConvLSTM2D(
        2, 2, padding="same", return_sequences=True, name="conv_lstm2d"), frames)
    # With valid padding the per-pixel mask does not broadcast against the smaller states (Keras cannot build it).
    cases.add("conv_lstm2d_valid_masked_pixels_fails", lambda: L.ConvLSTM2D(2, 2, name="conv_lstm_v"), frames, fails=True)
    # A stacked cell's states are in reverse cell order in TF.js: the first is the last cell's output.
    cases.add("rnn_stacked_cells_masked_sequences", lambda: L.RNN(
        [L.SimpleRNNCell(3), L.LSTMCell(2)], return_sequences=True, name="rnn_stack"), seq(), rename=True)


def model_cases(bundle):
    """Small masked models converted by tensorflowjs, with inputs and TF.js's outputs as JSON goldens."""
    L = keras.layers
    rng = np.random.default_rng(20261204)

    def masking_lstm():
        x = keras.Input(batch_shape=(None, 4, 3), name="x")
        return keras.Model(x, L.LSTM(3, name="lstm")(L.Masking(0.0, name="masking")(x)), name="masking_lstm")

    def embedding_gru_dense():
        ids = keras.Input(batch_shape=(None, 5), name="ids", dtype="int32")
        h = L.GRU(3, reset_after=False, name="gru")(L.Embedding(6, 2, mask_zero=True, name="embedding")(ids))
        return keras.Model(ids, L.Dense(2, name="dense")(h), name="embedding_gru_dense")

    def masking_bidirectional():
        x = keras.Input(batch_shape=(None, 4, 2), name="x")
        h = L.Bidirectional(L.LSTM(2, return_sequences=True, name="lstm"), name="bidirectional")(L.Masking(0.0, name="masking")(x))
        h = L.TimeDistributed(L.Dense(2, name="dense"), name="time_distributed")(h)
        return keras.Model(x, L.GRU(2, reset_after=False, return_sequences=True, name="gru")(h), name="masking_bidirectional")

    def masking_nested_lstm():
        # TF.js's Container.call takes the first input's mask into a nested model.
        inner_x = keras.Input(batch_shape=(None, 4, 2), name="inner_x")
        inner = keras.Model(inner_x, L.LSTM(3, name="lstm")(inner_x), name="inner")
        x = keras.Input(batch_shape=(None, 4, 2), name="x")
        return keras.Model(x, L.Dense(1, name="dense")(inner(L.Masking(0.0, name="masking")(x))), name="masking_nested_lstm")

    def nested_embedding_lstm():
        # The mask a nested model's Embedding makes does not leave the nested model in TF.js (Keras passes it on).
        inner_ids = keras.Input(batch_shape=(None, 4), name="inner_ids")
        inner = keras.Model(inner_ids, L.Embedding(5, 2, mask_zero=True, name="embedding")(inner_ids), name="inner")
        ids = keras.Input(batch_shape=(None, 4), name="ids")
        return keras.Model(ids, L.LSTM(2, name="lstm")(inner(ids)), name="nested_embedding_lstm")

    feeds = {
        "masking_lstm": np.array(rng.uniform(-1, 1, (3, 4, 3)) * np.array([1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0]).reshape(3, 4, 1),
                                 dtype=np.float32),
        "embedding_gru_dense": np.array([[3, 1, 0, 0, 0], [0, 5, 2, 0, 4]], dtype=np.int32),
        "masking_bidirectional": np.array(rng.uniform(-1, 1, (2, 4, 2)) * np.array([0, 1, 1, 1, 1, 0, 1, 0]).reshape(2, 4, 1),
                                          dtype=np.float32),
        "masking_nested_lstm": np.array(np.random.default_rng(7).uniform(-1, 1, (2, 4, 2)) * np.array([1, 1, 0, 0, 0, 1, 1, 1]).reshape(2, 4, 1),
                                        dtype=np.float32),
        "nested_embedding_lstm": np.array([[1, 2, 0, 0], [3, 0, 4, 1]], dtype=np.float32),
    }
    shutil.rmtree(MODELS, ignore_errors=True)
    for make in (masking_lstm, embedding_gru_dense, masking_bidirectional, masking_nested_lstm, nested_embedding_lstm):
        keras.backend.clear_session()
        model = make()
        for weight in model.weights:
            weight.assign(rng.uniform(-0.6, 0.6, weight.shape).astype(np.float32))
        x = feeds[model.name]
        result = run_tfjs(bundle, model, model.layers[-1].name, [x], {})
        assert result["ok"], f"{model.name}: TF.js failed: {result}"
        output = np.array(result["outputs"][0]["values"], dtype=np.float32).reshape(result["outputs"][0]["shape"])
        difference = np.max(np.abs(model.predict(x, verbose=0) - output))
        print(f"{model.name}: Keras differs from TF.js by {difference:.2g}")
        folder = os.path.join(MODELS, model.name)
        import tensorflowjs as tfjs
        with tempfile.TemporaryDirectory() as converted:
            tfjs.converters.save_keras_model(model, converted)
            shutil.copytree(converted, folder)
        input_name = model.inputs[0].name.split(":")[0]
        with open(os.path.join(folder, "inputs.json"), "w") as f:
            json.dump({input_name: {"shape": list(x.shape), "data": [v.item() for v in x.ravel()]}}, f)
        with open(os.path.join(folder, "golden.json"), "w") as f:
            json.dump({model.output_names[0]: {"shape": list(output.shape), "data": tensor(output)["values"]}}, f)
        print(f"{folder}: {sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))} bytes")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tfjs", required=True, help="the TF.js 4.22 bundle (tf.min.js), outside the project")
    arguments = parser.parse_args()
    cases = MaskedCases(arguments.tfjs)
    layer_cases(cases)
    cases.write()
    model_cases(arguments.tfjs)


if __name__ == "__main__":
    main()
