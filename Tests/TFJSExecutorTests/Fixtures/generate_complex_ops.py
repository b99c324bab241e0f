"""Writes Fixtures/ops/basic_math_complex.json: Complex, Real, Imag and ComplexAbs with TensorFlow's outputs (or
TF.js's, where they differ), using generate_ops.py's tensor and attr helpers.

Run with the Samples venv: /work/venv-samples/bin/python Tests/TFJSExecutorTests/Fixtures/generate_complex_ops.py
A complex64 tensor is written as its (real, imaginary) pairs; check_ops_with_tfjs.js feeds it to TF.js via tf.complex.
"""
import json
import os

import numpy as np

from generate_ops import CASES, HERE, a_type, case, f32, i32, raw

CATEGORY = "basic_math_complex"
MAKE = {"T": a_type(), "Tout": a_type("DT_COMPLEX64")}
PART = {"T": a_type("DT_COMPLEX64"), "Tout": a_type()}


def complex_cases():
    re, im = f32(2, 3), f32(2, 3)
    case(CATEGORY, "Complex", "Complex", [re, im], raw.Complex(real=re, imag=im), MAKE)
    odd_re = np.float32([np.nan, np.inf, -np.inf, 0, -0.0, 3e38])
    odd_im = np.float32([1, np.nan, 2, -np.inf, np.inf, -3e38])
    z = raw.Complex(real=odd_re, imag=odd_im)
    case(CATEGORY, "Complex NaN and infinities", "Complex", [odd_re, odd_im], z, MAKE)
    case(CATEGORY, "Complex scalar", "Complex", [np.float32(1.5), np.float32(-2)], raw.Complex(real=np.float32(1.5), imag=np.float32(-2)), MAKE)
    empty = np.zeros((0, 2), np.float32)
    case(CATEGORY, "Complex empty", "Complex", [empty, empty], raw.Complex(real=empty, imag=empty), MAKE)
    ints = i32([1, -2, 3])
    case(CATEGORY, "Complex of int32 parts (TF.js)", "Complex", [ints, i32([0, 5, -1])],
         ints.astype(np.complex64) + 1j * np.float32([0, 5, -1]), {"T": a_type("DT_INT32"), "Tout": a_type("DT_COMPLEX64")})
    case(CATEGORY, "Complex does not broadcast (TF.js)", "Complex", [f32(2, 3), f32(3)], None, MAKE, fails=True)
    case(CATEGORY, "Complex of a complex part fails (TF.js)", "Complex", [z, odd_re], None, MAKE, fails=True)

    c = raw.Complex(real=re, imag=im)
    for op, fn in [("Real", raw.Real), ("Imag", raw.Imag)]:
        case(CATEGORY, op, op, [c], fn(input=c, Tout=np.float32), PART)
        case(CATEGORY, f"{op} NaN and infinities", op, [z], fn(input=z, Tout=np.float32), PART)
        case(CATEGORY, f"{op} of a real tensor fails (TF.js)", op, [re], None, PART, fails=True)
    case(CATEGORY, "Real scalar", "Real", [raw.Complex(real=np.float32(4), imag=np.float32(5))], np.float32(4), PART)

    case(CATEGORY, "ComplexAbs", "ComplexAbs", [c], raw.ComplexAbs(x=c, Tout=np.float32), PART)
    # hypot: an infinite part gives Infinity even beside NaN; 3e38 overflows float32.
    case(CATEGORY, "ComplexAbs NaN, infinities and overflow", "ComplexAbs", [z], raw.ComplexAbs(x=z, Tout=np.float32), PART)
    tiny = raw.Complex(real=np.float32([1e-45, 3, -1e-30]), imag=np.float32([1e-45, -4, 1e-30]))
    case(CATEGORY, "ComplexAbs subnormal and small", "ComplexAbs", [tiny], raw.ComplexAbs(x=tiny, Tout=np.float32), PART)
    case(CATEGORY, "ComplexAbs of int32 is its int32 abs (TF.js)", "ComplexAbs", [i32([-3, 0, 4])], i32([3, 0, 4]), {"T": a_type("DT_INT32")})


def main():
    complex_cases()
    with open(os.path.join(HERE, "ops", f"{CATEGORY}.json"), "w") as handle:
        json.dump({"cases": CASES[CATEGORY]}, handle, separators=(",", ":"))
        handle.write("\n")
    print(CATEGORY, len(CASES[CATEGORY]))


if __name__ == "__main__":
    main()
