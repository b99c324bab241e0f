#!/usr/bin/env sh
# Re-convert the detector from its SavedModel, quantized.
set -e
tensorflowjs_converter \
  --quantize_uint8 \
  models/detector_saved_model \
  public/models/detector

tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_layers_model \
  models/detector_saved_model public/models/detector_layers
