#!/usr/bin/env node
// Runs every case of Fixtures/layers/<file>.json through the real TF.js 4.22 bundle: a Sequential model of an
// InputLayer and the case's layer, loaded from memory with the case's weights, then predict on the case's input.
// Reports cases whose outputs differ from the fixture, and cases that fail where the fixture does not (or the
// reverse). The bundle is third-party and stays outside the repository.
//
//   node check_layers_with_tfjs.js --bundle OUTSIDE/tf.min.js layers/convolution.json [more.json ...]
'use strict';
const fs = require('fs');

const argv = process.argv.slice(2);
const bundleAt = argv.indexOf('--bundle');
if (bundleAt < 0 || argv.length < bundleAt + 2) {
  console.error('usage: node check_layers_with_tfjs.js --bundle PATH/tf.min.js FIXTURE.json ...');
  process.exit(3);
}
const bundle = argv[bundleAt + 1];
const files = argv.filter((_, i) => i !== bundleAt && i !== bundleAt + 1);
console.warn = () => {};
const tf = require(bundle);

function values(t) {
  return t.values.map(v => v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
}

async function run(c) {
  const input = c.inputs[0];
  const topology = {class_name: 'Sequential', config: {name: 'check', layers: [
    {class_name: 'InputLayer', config: {batch_input_shape: [null, ...input.shape.slice(1)], dtype: 'float32', name: 'check_input'}},
    {class_name: c.class_name, config: c.config},
  ]}};
  const names = Object.keys(c.weights);
  const weightSpecs = names.map(n => ({name: `${c.name}/${n}`, shape: c.weights[n].shape, dtype: 'float32'}));
  const data = new Float32Array(names.flatMap(n => values(c.weights[n])));
  const model = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: topology, weightSpecs, weightData: data.buffer}));
  const y = model.predict(tf.tensor(values(input), input.shape, 'float32'));
  return Array.isArray(y) ? y : [y];
}

(async () => {
  let problems = 0, total = 0;
  for (const file of files) {
    for (const c of JSON.parse(fs.readFileSync(file, 'utf8')).cases) {
      total += 1;
      let outputs, error;
      try { outputs = await run(c); } catch (e) { error = e; }
      const label = `${file}: ${c.name}`;
      if (c.fails) {
        if (!error) { problems += 1; console.log(`${label}: TF.js runs it, the fixture says it fails`); }
        else console.log(`${label}: fails as expected: ${String(error.message).split('\n')[0]}`);
        continue;
      }
      if (error) { problems += 1; console.log(`${label}: TF.js fails: ${error.message}`); continue; }
      c.outputs.forEach((expected, i) => {
        const got = outputs[i];
        if (!got || JSON.stringify(got.shape) !== JSON.stringify(expected.shape)) {
          problems += 1;
          console.log(`${label}: output ${i} shape ${got && JSON.stringify(got.shape)}, fixture ${JSON.stringify(expected.shape)}`);
          return;
        }
        const actual = got.dataSync(), wanted = values(expected);
        let worst = 0;
        wanted.forEach((w, k) => { worst = Math.max(worst, Math.abs(actual[k] - w) / (1 + Math.abs(w))); });
        if (!(worst <= 1e-5)) { problems += 1; console.log(`${label}: output ${i} differs by ${worst}`); }
      });
    }
  }
  console.log(`${total} cases, ${problems} disagree with TF.js`);
  process.exit(problems ? 1 : 0);
})();
