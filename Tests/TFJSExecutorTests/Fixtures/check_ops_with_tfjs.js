// Runs every case of Fixtures/ops/*.json through the real TF.js 4.22 graph executor (cpu backend) and lists the
// cases where TF.js's outputs or failure differ from the fixture. The bundle is not part of the project:
//   node Tests/TFJSExecutorTests/Fixtures/check_ops_with_tfjs.js OUTSIDE/tf.min.js [category ...]
const fs = require('fs');
const path = require('path');

const [bundle, ...categories] = process.argv.slice(2);
if (!bundle) {
  console.error('usage: node check_ops_with_tfjs.js PATH/tf.min.js [category ...]');
  process.exit(3);
}
const tf = require(path.resolve(bundle));
const DT = {float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL', complex64: 'DT_COMPLEX64'};

function value(v) {
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

/// A fixture tensor in TF.js; complex64 values are (real, imaginary) pairs, which only tf.complex accepts.
function fixtureTensor(t) {
  const values = t.values.map(value);
  if (t.dtype !== 'complex64') return tf.tensor(values, t.shape, t.dtype);
  return tf.complex(tf.tensor(values.filter((_, i) => i % 2 === 0), t.shape), tf.tensor(values.filter((_, i) => i % 2 === 1), t.shape));
}

/// Values a tensor's dataSync holds: two per element for complex64.
function storedCount(t) { return t.size * (t.dtype === 'complex64' ? 2 : 1); }

/// One graph: a Placeholder per input feeding the op's node.
async function run(c) {
  const inputs = c.inputs.map((t, i) => ({name: `in${i}`, op: 'Placeholder', attr: {dtype: {type: DT[t.dtype]}}}));
  const node = {name: 'node', op: c.op, input: inputs.map(n => n.name), attr: c.attr};
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: {node: [...inputs, node], versions: {producer: 1}}, weightSpecs: [], weightData: new ArrayBuffer(0),
  }));
  const feeds = {};
  c.inputs.forEach((t, i) => { feeds[`in${i}`] = fixtureTensor(t); });
  const names = c.outputs.length > 1 ? c.outputs.map((_, i) => `node:${i}`) : ['node'];
  const result = await model.executeAsync(feeds, names);
  return Array.isArray(result) ? result : [result];
}

function mismatch(c, outputs) {
  if (outputs.length !== c.outputs.length) return `${outputs.length} outputs, expected ${c.outputs.length}`;
  for (let k = 0; k < outputs.length; k++) {
    const got = outputs[k], want = c.outputs[k];
    if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `output ${k}: shape ${got.shape}, expected ${want.shape}`;
    if (got.dtype !== want.dtype) return `output ${k}: dtype ${got.dtype}, expected ${want.dtype}`;
    const values = got.dataSync();
    if (got.shape.some(d => !Number.isInteger(d)) || values.length !== storedCount(got)) return `output ${k}: malformed tensor`;
    const atol = c.atol ?? 1e-5, rtol = c.rtol ?? 1e-5;
    for (let i = 0; i < values.length; i++) {
      const a = values[i], e = value(want.values[i]);
      const close = Number.isNaN(e) ? Number.isNaN(a) : (!Number.isFinite(e) ? a === e : Math.abs(a - e) <= atol + rtol * Math.abs(e));
      if (!close) return `output ${k}[${i}]: ${a}, expected ${e}`;
    }
  }
  return null;
}

(async () => {
  await tf.setBackend('cpu');
  const log = console.log;
  console.warn = console.log = () => {};  // TF.js's notes about Print and executeAsync
  const folder = path.join(__dirname, 'ops');
  const files = fs.readdirSync(folder).filter(f => f.endsWith('.json') && (categories.length === 0 || categories.includes(f.replace('.json', ''))));
  let checked = 0, differing = 0;
  for (const file of files.sort()) {
    for (const c of JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')).cases) {
      checked++;
      let problem;
      try {
        const outputs = await run(c);
        const malformed = outputs.some(t => t.shape.some(d => !Number.isInteger(d)) || t.dataSync().length !== storedCount(t));
        problem = c.fails ? (malformed ? null : 'TF.js computes it, the fixture says it fails') : mismatch(c, outputs);
      } catch (error) {
        problem = c.fails ? null : `TF.js fails: ${String(error.message || error).split('\n')[0]}`;
      }
      if (problem) {
        differing++;
        log(`${file}: ${c.name} (${c.op}): ${problem}`);
      }
    }
  }
  log(`${checked} cases, ${differing} differ from TF.js`);
})();
