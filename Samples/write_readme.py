#!/usr/bin/env python3
"""Writes Samples/README.md from the samples on disk and tfjs-behaviour.json. usage: python3 Samples/write_readme.py"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

DESCRIPTIONS = {
    "mobilenetv2-layers-tfkeras": "MobileNetV2 (alpha 0.35, 96×96, 10 logits) from tf_keras, `--input_format=keras` (HDF5) → layers model",
    "mobilenetv2-graph": "the same architecture from Keras 3 `model.export()` → `--input_format=tf_saved_model` graph model",
    "mobilenetv2-graph-uint8": "as above with `--quantize_uint8='*'`",
    "mobilenetv2-graph-float16": "as above with `--quantize_float16='*'`",
    "convnet-graph": "small Conv2D / DepthwiseConv2D / BatchNorm / ReLU6 / Dense net, Keras 3 export → graph model",
    "mobilenetv3small-keras3": "MobileNetV3Small (alpha 0.75, 96×96, with its Rescaling preprocessing) from Keras 3 via `tfjs.converters.save_keras_model`",
    "sequential-keras3": "Keras 3 Sequential: Input, Dense, LeakyReLU(negative_slope=0.2), Dense",
    "sequential-tfkeras": "the same Sequential in tf_keras (LeakyReLU(alpha=0.2)), HDF5 → layers model",
    "functional-multiio-keras3": "Keras 3 Functional: inputs `a`, `b`, Concatenate, shared Dense, outputs `head_one`, `head_two`",
    "functional-multiio-tfkeras": "the same Functional model in tf_keras",
    "lstm-gru-keras3": "Keras 3 LSTM(return_sequences) → GRU (reset_after=True, the Keras default) → Dense",
    "nested-keras3": "Keras 3 Functional model calling a nested Functional model",
    "bidirectional-lstm-keras3": "Keras 3 Bidirectional(LSTM) → Dense",
    "depthwise-ops-keras3": "Keras 3 DepthwiseConv2D, `x * 0.5`, `x + 3.0` (keras.ops), LeakyReLU(negative_slope=0.1), pooling, Dense",
}


def size(name):
    folder = os.path.join(HERE, name)
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1024


def outcome(entry):
    if entry is None:
        return ""
    if entry["runs"]:
        error = entry["maxAbsError"]
        return "runs, max abs error " + (error if isinstance(error, str) else f"{error:.1e}")
    first_line = (entry["error"] or "").split("\n")[0].replace("|", "\\|")
    return ("fails at load" if not entry["loads"] else "fails at predict") + f": `` {first_line} ``"


def main():
    behaviour = json.load(open(os.path.join(HERE, "tfjs-behaviour.json")))
    samples = ["| sample | what it is | size |", "|---|---|---|"]
    for name, text in DESCRIPTIONS.items():
        samples.append(f"| `{name}` | {text} | {size(name):.0f} KiB |")
    for name in sorted(n for n in behaviour if n.startswith("broken/")):
        note = open(os.path.join(HERE, name, "BROKEN.md")).read().strip()
        samples.append(f"| `{name}` | {note} | {size(name):.0f} KiB |")
    table = ["| sample | TF.js 4.22 as converted | after `tfjslint check --unsafe-fixes` |", "|---|---|---|"]
    for name, entry in behaviour.items():
        table.append(f"| `{name}` | {outcome(entry)} | {outcome(entry.get('afterFix'))} |")
    template = open(os.path.join(HERE, "README.template.md")).read()
    readme = template.replace("{{SAMPLES}}", "\n".join(samples)).replace("{{BEHAVIOUR}}", "\n".join(table))
    # The catalog rules' comparison with TF.js on their own fixtures, one heading level down.
    catalog = open(os.path.join(HERE, "..", "Tests", "TFJSLintKitTests", "Fixtures", "catalog", "README.md")).read()
    body = catalog.split("\n", 1)[1].replace("\n## ", "\n### ").replace("`compare.py`", "`Tests/TFJSLintKitTests/Fixtures/catalog/compare.py`")
    readme += "\n## Catalog rules against TF.js 4.22: what TF.js does, what tfjslint says\n" + body
    open(os.path.join(HERE, "README.md"), "w").write(readme)


if __name__ == "__main__":
    main()
