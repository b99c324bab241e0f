#!/usr/bin/env bash
# Runs the real pre-commit (from PyPI) with this repository as the hook source, in a temporary git
# repository holding a clean and a broken model: the clean commit must pass, the broken one must fail
# with tfjslint's finding, and the fix hook must repair a Keras 3 model.
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

rm -rf models/broken
cp -r "$repo"/Samples/sequential-keras3 models/keras3 && rm -f models/keras3/*.np[yz]
cat >> .pre-commit-config.yaml <<YAML
      - id: tfjslint-fix
YAML
git add -A
pre-commit run tfjslint-fix --all-files > "$work/fix.log" 2>&1 || true
pre-commit run tfjslint --all-files > "$work/after.log" 2>&1 || { cat "$work/fix.log" "$work/after.log"; echo "FAIL: fix hook did not repair the Keras 3 model"; exit 1; }
grep -q '"batch_input_shape"' models/keras3/model.json
echo "ok: the fix hook repairs a Keras 3 model"
echo "pre-commit hooks: all 3 checks passed"
