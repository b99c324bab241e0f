import { loadGraphModel as loadGraph } from '@tensorflow/tfjs';

const DETECTOR_URL = '/models/detector/model.json';

// Runs the detector off the main thread; the URL is resolved like the page's.
self.onmessage = async (event: MessageEvent<string>) => {
  const detector = await loadGraph(DETECTOR_URL);
  postMessage(await detector.executeAsync(event.data));
};
