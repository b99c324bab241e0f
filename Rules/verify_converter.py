"""Checks Rules/converter.yaml and tfjslint's converter rules against the real tensorflowjs_converter.

Needs a Python with tensorflowjs installed (4.22.0 for the facts in converter.yaml). The converter's conversion
functions are replaced by recorders, so nothing is converted: what is observed is argparse, convert()'s checks and
which arguments _dispatch_converter() passes on.

    python Rules/verify_converter.py facts
        prints the supported pairs, the default outputs and, for every flag on every supported pair, whether the
        converter uses it, ignores it or stops: compare with converter.yaml.
    python Rules/verify_converter.py rules path/to/tfjslint
        runs command lines through the converter and through `tfjslint check` (as a shell script) and fails unless
        tfjslint reports an error (invalid-format-pair, converter-flag) exactly when the converter stops.
"""
import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile

from tensorflowjs.converters import converter
from tensorflowjs.converters import tf_saved_model_conversion_v2

CALLS = []


def _recorder(name):
    def record(*args, **kwargs):
        CALLS.append((name, args, kwargs))
    return record


for _name in [n for n in dir(converter) if n.startswith('dispatch_')]:
    setattr(converter, _name, _recorder(_name))
for _name in ['convert_tf_saved_model', 'convert_tf_hub_module', 'convert_tf_frozen_model']:
    setattr(tf_saved_model_conversion_v2, _name, _recorder(_name))


def run(argv):
    """('ok', dispatch call) or ('stops', message), calling the converter as its pip entry point does."""
    CALLS.clear()
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            converter.main([' '.join(argv)])
        return 'ok', (CALLS[0] if CALLS else None)
    except SystemExit:
        lines = err.getvalue().strip().splitlines()
        return 'stops', lines[-1] if lines else 'exit'
    except Exception as error:  # the converter's ValueErrors
        return 'stops', f'{type(error).__name__}: {error}'


def formats():
    actions = {a.dest: a for a in converter.get_arg_parser()._actions}
    return sorted(actions['input_format'].choices), sorted(actions['output_format'].choices)


def base(input_format, output_format):
    argv = ['in', 'out', f'--input_format={input_format}']
    if output_format:
        argv.append(f'--output_format={output_format}')
    if input_format == 'tf_frozen_model':
        argv.append('--output_node_names=y')
    return argv


FLAG_SAMPLES = {
    'signature_name': 'x', 'saved_model_tags': 'a,b', 'quantize_float16': '*', 'quantize_uint8': '*',
    'quantize_uint16': '*', 'quantization_bytes': '2', 'split_weights_by_layer': None, 'skip_op_check': None,
    'strip_debug_ops': '', 'use_structured_outputs_names': 'True', 'weight_shard_size_bytes': '1000',
    'output_node_names': 'z', 'control_flow_v2': 'True', 'experiments': 'True', 'metadata': 'k:{meta}',
}


def print_facts():
    inputs, outputs = formats()
    print('input formats:', ', '.join(inputs))
    print('output formats:', ', '.join(outputs))
    supported = []
    for input_format in inputs:
        for output_format in outputs + [None]:
            kind, detail = run(base(input_format, output_format))
            if kind == 'ok':
                supported.append((input_format, output_format))
            print(f'pair {input_format} -> {output_format}: {detail[0] if kind == "ok" else detail}')
    with tempfile.TemporaryDirectory() as folder:
        meta = os.path.join(folder, 'meta.json')
        with open(meta, 'w') as f:
            f.write('{}')
        for flag, sample in FLAG_SAMPLES.items():
            argument = f'--{flag}' if sample is None else f'--{flag}=' + sample.format(meta=meta)
            for input_format, output_format in supported:
                _, reference = run(base(input_format, output_format))
                kind, detail = run(base(input_format, output_format) + [argument])
                verdict = f'stops: {detail}' if kind != 'ok' else ('used' if repr(detail) != repr(reference) else 'ignored')
                print(f'flag --{flag} on {input_format} -> {output_format}: {verdict}')


# Command lines for `rules`: the arguments after tensorflowjs_converter.
COMMANDS = [
    'in out', 'in out --input_format=keras', 'in out --input_format=keras_keras',
    'in out --input_format=keras_keras --output_format=tfjs_graph_model',
    'in out --input_format=keras_keras --output_format=tfjs_layers_model', 'in out --output_format=keras',
    'in out --input_format=tf_hub --output_format=tfjs_layers_model', 'in out --input_format=tfjs_layers_model',
    'in out --input_format=tfjs_layers_model --output_format=tfjs_graph_model', 'in out --input_format=kears',
    'in out --output_format=tfjs', '--quantize_uint8 in out', '--quantize_uint8 --input_format=keras in out',
    'in out --quantize_uint8', '--quantize_uint8=* in out', 'in --quantize_float16 out', 'in --input_format=keras out',
    'in out extra', 'in', '--input_format=keras in', 'in out --input_format=keras --signature_name=x',
    'in out --input_format=keras --signature_name=', 'in out --signature_name x', 'in out --input_format=tf_frozen_model',
    'in out --input_format=tf_frozen_model --output_node_names=',
    'in out --input_format=tf_frozen_model --output_node_names=a',
    'in out --input_format=tf_frozen_model --output_node_names=a --control_flow_v2=True',
    'in out --input_format=keras --control_flow_v2=True', 'in out --input_format=keras --control_flow_v2=False',
    'in out --input_format=keras --control_flow_v2=', 'in out --control_flow_v2=False',
    'in out --weight_shard_size_bytes=0', 'in out --weight_shard_size_bytes=-3', 'in out --weight_shard_size_bytes=abc',
    'in out --weight_shard_size_bytes 100', 'in out --weight_shard_size_bytes -5',
    'in out --input_format=tfjs_layers_model --weight_shard_size_bytes=100',
    'in out --input_format=tfjs_layers_model --output_format=tfjs_layers_model --weight_shard_size_bytes=100',
    'in out --quantization_bytes=1', 'in out --quantization_bytes=3', 'in out --quantization_bytes=2 --quantize_uint8',
    'in out --skip_op_check=True', 'in out --skip_op_check', 'in out --quantize=*', 'in out --input=keras',
    'in out --inp=keras', 'in out -input_format=keras', 'in out --foo', 'in out --strip_debug_ops False',
    'in out --split_weights_by_layer --input_format=keras', 'in out --input_format', '--version', '-v',
    'in out --output_node_names=x', 'in out --input_format=keras --saved_model_tags=serve',
    'in out -- --input_format=keras', '-- in out', "'my model' out",
]


def supported_pairs():
    inputs, outputs = formats()
    return [(i, o) for i in inputs for o in outputs if run(base(i, o))[0] == 'ok']


def check_rules(tfjslint):
    """Every command line: an error exactly when the converter stops. Every flag on every supported pair: also a
    "silently ignored" warning exactly when the converter does not pass the flag on."""
    disagreements = 0
    checked = 0
    with tempfile.TemporaryDirectory() as folder:
        meta = os.path.join(folder, 'meta.json')
        with open(meta, 'w') as f:
            f.write('{}')

        def lint(argv):
            with open(os.path.join(folder, 'convert.sh'), 'w') as f:
                f.write('tensorflowjs_converter ' + ' '.join(shlex.quote(a) for a in argv) + '\n')
            output = subprocess.run([tfjslint, 'check', '--format', 'json', folder], capture_output=True, text=True)
            return json.loads(output.stdout)['findings']

        def compare(argv, stops, ignored, detail):
            nonlocal disagreements, checked
            findings = lint(argv)
            errors = [f for f in findings if f['severity'] == 'error']
            warned = any('silently ignored' in f['message'] for f in findings)
            agree = stops == bool(errors) and (ignored is None or ignored == warned)
            checked += 1
            disagreements += not agree
            print(f'{"ok  " if agree else "DIFF"} {" ".join(argv)!r}: converter {detail}')
            for finding in findings:
                print(f'       {finding["severity"]} [{finding["ruleId"]}] {finding["message"]}')

        for command in COMMANDS:
            argv = shlex.split(command)
            kind, detail = run(argv)
            compare(argv, kind == 'stops', None, detail if kind == 'stops' else 'converts')
        for input_format, output_format in supported_pairs():
            _, reference = run(base(input_format, output_format))
            for flag, sample in FLAG_SAMPLES.items():
                argv = base(input_format, output_format)
                argv.append(f'--{flag}' if sample is None else f'--{flag}=' + sample.format(meta=meta))
                kind, detail = run(argv)
                ignored = kind == 'ok' and repr(detail) == repr(reference)
                compare(argv, kind == 'stops', ignored if kind == 'ok' else None,
                        detail if kind == 'stops' else ('ignores the flag' if ignored else 'uses the flag'))
    print(f'{checked - disagreements} of {checked} command lines agree')
    return disagreements == 0


if __name__ == '__main__':
    if sys.argv[1:2] == ['facts']:
        print_facts()
    elif sys.argv[1:2] == ['rules'] and len(sys.argv) == 3:
        sys.exit(0 if check_rules(os.path.abspath(sys.argv[2])) else 1)
    else:
        sys.exit(__doc__)
