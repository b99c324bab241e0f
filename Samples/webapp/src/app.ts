import * as tf from '@tensorflow/tfjs';

// The classifier is a layers model: loadLayersModel is right.
export async function loadClassifier(): Promise<tf.LayersModel> {
  return tf.loadLayersModel('/models/classifier/model.json');
}

// The detector was converted from a SavedModel: it is a graph model.
export async function loadDetector() {
  const detector = await tf.loadLayersModel('/models/detector/model.json');
  return detector;
}

export async function loadFromCache(name: string) {
  return tf.loadGraphModel(`indexeddb://${name}`);
}
