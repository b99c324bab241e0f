#!/usr/bin/env python3
"""Regenerates the `ops:` block of tfjs-<version>.yaml from the tensorflowjs pip package.

Mechanical facts only:
- op names and categories: `tensorflowjs/op_list/*.json` of the installed package (what the converter accepts);
- `dtypeAttrs:` the op's attrs of type dtype that TF.js uses (not `notSupported`), from the same files;
- `kernel: false`: op_list files that tfjs-converter's runtime `operation_mapper.ts` does not import
  (read from a tensorflow/tfjs git directory when given, else kept from the YAML);
- `async: true`: ops that make `execute()` throw: those in the CONTROL_FLOW_OPS / DYNAMIC_SHAPE_OPS /
  HASH_TABLE_OPS sets of `tfjs-converter/src/executor/model_analysis.ts` ("... which has the dynamic op ..."),
  and every op of a category whose executor is an `InternalOpAsyncExecutor`
  (`tfjs-converter/src/operations/executors/<category>_executor.ts`), whose promise `execute()` rejects
  ("The execution of the op 'X' returned a promise") (git, else kept);
- `since:` the first `tfjs-vX.Y.0` tag whose op_list contains the op, when later than the baseline (git, else kept).

Usage:
  python3 generate_ops.py tfjs-4.22.yaml [--op-list DIR] [--tfjs-git GIT_DIR --tag tfjs-v4.22.0]
Everything outside the BEGIN/END markers is curated by hand and left as it is.
"""
import argparse
import glob
import json
import os
import re
import subprocess

BEGIN = "# BEGIN GENERATED ops (generate_ops.py)"
END = "# END GENERATED ops"


def package_op_lists(directory):
    if directory is None:
        import tensorflowjs  # noqa: imported only to find the package folder

        directory = os.path.join(os.path.dirname(tensorflowjs.__file__), "op_list")
    ops, dtype_attrs = {}, {}
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        category = os.path.splitext(os.path.basename(path))[0]
        with open(path) as handle:
            for entry in json.load(handle):
                ops[entry["tfOpName"]] = category
                dtype_attrs[entry["tfOpName"]] = [
                    attr["tfName"] for attr in entry.get("attrs", [])
                    if attr.get("type") == "dtype" and not attr.get("notSupported")]
    return ops, dtype_attrs


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


def version_key(tag):
    return tuple(int(part) for part in tag[len("tfjs-v"):].split("."))


def facts_from_git(git_dir, tag, baseline):
    mapper = git(git_dir, "show", f"{tag}:tfjs-converter/src/operations/operation_mapper.ts")
    imported = {name for name in re.findall(r"from './op_list/(\w+)'", mapper)}
    analysis = git(git_dir, "show", f"{tag}:tfjs-converter/src/executor/model_analysis.ts")
    async_ops = set()
    for block in re.findall(r"const (?:CONTROL_FLOW_OPS|DYNAMIC_SHAPE_OPS|HASH_TABLE_OPS) = new Set\(\[(.*?)\]\)", analysis, re.S):
        async_ops.update(re.findall(r"'([^']+)'", block))
    async_categories = set()
    for category in imported:
        try:
            executor = git(git_dir, "show", f"{tag}:tfjs-converter/src/operations/executors/{category}_executor.ts")
        except subprocess.CalledProcessError:
            continue
        if re.search(r"executeOp: InternalOpAsyncExecutor", executor):
            async_categories.add(category)
    releases = sorted(
        (t for t in git(git_dir, "tag").split() if re.fullmatch(r"tfjs-v\d+\.\d+\.0", t)), key=version_key)
    since = {}
    for release in releases:
        if version_key(release) > version_key(tag):
            break
        listing = git(git_dir, "grep", "-h", "-o", r'"tfOpName": *"[^"]*"', release, "--",
                      "tfjs-converter/python/tensorflowjs/op_list/*.json")
        for name in re.findall(r'"tfOpName": *"([^"]*)"', listing):
            if name not in since:
                since[name] = release[len("tfjs-v"):]
    since = {name: v for name, v in since.items() if version_key("tfjs-v" + v) > version_key("tfjs-v" + baseline)}
    return imported, async_ops, async_categories, since


def kept_facts(text):
    """Reads the flags of the current generated block, for runs without a git directory."""
    kept = {}
    for match in re.finditer(r"^  - \{name: (\w+), (.*)\}$", text, re.M):
        kept[match.group(1)] = dict(re.findall(r"(\w+): ([^,]+)", match.group(2)))
    return kept


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("yaml")
    parser.add_argument("--op-list", help="folder of op_list/*.json (default: the installed tensorflowjs package)")
    parser.add_argument("--tfjs-git", help="a tensorflow/tfjs git directory, for kernel/async/since facts")
    parser.add_argument("--tag", default="tfjs-v4.22.0")
    args = parser.parse_args()

    with open(args.yaml) as handle:
        text = handle.read()
    start, end = text.index(BEGIN), text.index(END)
    baseline = re.search(r"^baseline: ([\d.]+)", text, re.M).group(1)
    ops, dtype_attrs = package_op_lists(args.op_list)
    kept = kept_facts(text[start:end])
    if args.tfjs_git:
        imported, async_ops, async_categories, since = facts_from_git(args.tfjs_git, args.tag, baseline)
        kernel = lambda name: ops[name] in imported
        is_async = lambda name: name in async_ops or (kernel(name) and ops[name] in async_categories)
        since_of = lambda name: since.get(name)
    else:
        kernel = lambda name: kept.get(name, {}).get("kernel") != "false"
        is_async = lambda name: kept.get(name, {}).get("async") == "true"
        since_of = lambda name: kept.get(name, {}).get("since")

    lines = [BEGIN, f"# {len(ops)} ops from tensorflowjs/op_list/*.json; flags from tfjs-converter/src "
             "(operation_mapper.ts imports, executor/model_analysis.ts sets)."]
    lines.append("ops:")
    for name in sorted(ops, key=lambda n: (ops[n], n)):
        fields = [f"name: {name}", f"category: {ops[name]}"]
        if since_of(name):
            fields.append(f"since: {since_of(name)}")
        if not kernel(name):
            fields.append("kernel: false")
        if is_async(name):
            fields.append("async: true")
        if dtype_attrs[name]:
            fields.append("dtypeAttrs: [" + ", ".join(dtype_attrs[name]) + "]")
        lines.append("  - {" + ", ".join(fields) + "}")
    with open(args.yaml, "w") as handle:
        handle.write(text[:start] + "\n".join(lines) + "\n" + text[end:])


if __name__ == "__main__":
    main()
