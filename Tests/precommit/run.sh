#!/usr/bin/env bash
# Runs the real pre-commit (from PyPI) with this repository as the hook source, in a temporary git
# repository: a clean model must pass, a broken one fail with tfjslint's finding (and pass once a .tfjslint.yml
# turns that rule down), a converter script with an invalid format pair fail, and the fix hook repair a Keras 3
# model. The first run builds tfjslint in release mode inside pre-commit's environment.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
# Exit 77 (skipped) when PyPI cannot be reached: that is the network, not tfjslint.
"$work/venv/bin/pip" install --quiet pre-commit || { echo "skipped: pre-commit could not be installed from PyPI"; exit 77; }
export PATH="$work/venv/bin:$PATH" PRE_COMMIT_HOME="$work/cache"

# The hook source: a clone of this repository's HEAD (pre-commit needs a git repository and a rev).
git clone --quiet "$repo" "$work/source"
rev=$(git -C "$work/source" rev-parse HEAD)

mkdir "$work/project" && cd "$work/project"
git init --quiet && git config user.email ci@example.invalid && git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/source
    rev: $rev
    hooks:
      - id: tfjslint
YAML
mkdir -p models/clean models/broken
cp "$repo"/Samples/sequential-tfkeras/model.json "$repo"/Samples/sequential-tfkeras/*.bin models/clean/
git add -A && pre-commit run --all-files > "$work/clean.log" 2>&1 || { cat "$work/clean.log"; echo "FAIL: clean model rejected"; exit 1; }
echo "ok: the clean model passes"

cp "$repo"/Samples/broken/weights-size-mismatch/model.json "$repo"/Samples/broken/weights-size-mismatch/*.bin models/broken/
git add -A
if pre-commit run --all-files > "$work/broken.log" 2>&1; then cat "$work/broken.log"; echo "FAIL: broken model accepted"; exit 1; fi
grep -q "weights-size-mismatch" "$work/broken.log" || { cat "$work/broken.log"; echo "FAIL: finding not shown"; exit 1; }
echo "ok: the broken model is rejected with weights-size-mismatch"

# A .tfjslint.yml in the repository turns the finding down: the commit passes.
printf 'rules:\n  weights-size-mismatch: warning\n' > .tfjslint.yml
git add -A
pre-commit run --all-files --verbose > "$work/config.log" 2>&1 || { cat "$work/config.log"; echo "FAIL: .tfjslint.yml not honoured"; exit 1; }
grep -q "warning: .*weights-size-mismatch" "$work/config.log" || { cat "$work/config.log"; echo "FAIL: warning not shown"; exit 1; }
echo "ok: .tfjslint.yml turns the error into a warning and the commit passes"
rm -rf models/broken .tfjslint.yml

# A converter script with a format pair the converter rejects.
mkdir scripts
printf 'tensorflowjs_converter --input_format=keras_keras --output_format=tfjs_graph_model m.keras out/\n' > scripts/convert.sh
git add -A
if pre-commit run --all-files > "$work/script.log" 2>&1; then cat "$work/script.log"; echo "FAIL: bad converter script accepted"; exit 1; fi
grep -q "scripts/convert.sh:1:.*invalid-format-pair" "$work/script.log" || { cat "$work/script.log"; echo "FAIL: script finding not shown"; exit 1; }
echo "ok: a converter script with an invalid format pair is rejected"
rm -rf scripts
cp -r "$repo"/Samples/sequential-keras3 models/keras3 && rm -f models/keras3/*.np[yz]
cat >> .pre-commit-config.yaml <<YAML
      - id: tfjslint-fix
YAML
git add -A
pre-commit run tfjslint-fix --all-files > "$work/fix.log" 2>&1 || true
pre-commit run tfjslint --all-files > "$work/after.log" 2>&1 || { cat "$work/fix.log" "$work/after.log"; echo "FAIL: fix hook did not repair the Keras 3 model"; exit 1; }
grep -q '"batch_input_shape"' models/keras3/model.json
echo "ok: the fix hook repairs a Keras 3 model"
echo "pre-commit hooks: all 5 checks passed"
