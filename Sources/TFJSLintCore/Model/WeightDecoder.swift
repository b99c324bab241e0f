/// Decodes manifest entries from their bytes exactly as TF.js's `decodeWeight` does (tfjs-core io_utils.ts):
/// little-endian, unaligned; uint8/uint16 dequantized as `q * scale + min` in double precision then stored
/// as float32 (`Math.round` of it for int32); float16 converted exactly to float32.
public enum WeightDecoder {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Values of a float32 entry (plain or quantized).
    public static func floats(_ bytes: [UInt8], spec: WeightSpec) throws(Failure) -> [Float] {
        guard spec.dtype == .float32 else {
            throw Failure(description: "weight '\(spec.name)' has dtype \(spec.dtypeName ?? "none"), not float32")
        }
        let count = try elementCount(spec, available: bytes.count)
        var values = [Float](repeating: 0, count: count)
        try decode(bytes, spec: spec, count: count) { values[$0] = Float($1) }
        return values
    }

    /// Values of an int32 entry (plain or quantized).
    public static func int32s(_ bytes: [UInt8], spec: WeightSpec) throws(Failure) -> [Int32] {
        guard spec.dtype == .int32 else {
            throw Failure(description: "weight '\(spec.name)' has dtype \(spec.dtypeName ?? "none"), not int32")
        }
        let count = try elementCount(spec, available: bytes.count)
        if spec.quantization == nil {
            return (0..<count).map { Int32(bitPattern: readUInt32(bytes, at: $0 * 4)) }
        }
        var values = [Int32](repeating: 0, count: count)
        try decode(bytes, spec: spec, count: count) { index, value in
            values[index] = javaScriptInt32((value + 0.5).rounded(.down))  // Math.round, then Int32Array
        }
        return values
    }

    /// Values of a bool entry: one byte per element.
    public static func bools(_ bytes: [UInt8], spec: WeightSpec) throws(Failure) -> [Bool] {
        let count = try elementCount(spec, available: bytes.count)
        return bytes.prefix(count).map { $0 != 0 }
    }

    /// Calls `body` with every value of a float entry in `bytes`, which may be a slice of the entry starting
    /// at element `firstElement` (so large weights can be scanned in chunks). Quantized int32 entries yield
    /// their dequantized values before rounding.
    public static func forEachValue(
        _ bytes: [UInt8], spec: WeightSpec, firstElement: Int = 0, _ body: (Int, Float) -> Void
    ) throws(Failure) {
        guard let perElement = spec.storedBytesPerElement else {
            throw Failure(description: "weight '\(spec.name)' cannot be decoded as numbers")
        }
        let count = bytes.count / perElement
        try decode(bytes, spec: spec, count: count) { body(firstElement + $0, Float($1)) }
    }

    private static func elementCount(_ spec: WeightSpec, available: Int) throws(Failure) -> Int {
        guard let count = spec.elementCount, let length = spec.fixedByteLength else {
            throw Failure(description: "weight '\(spec.name)' has no valid shape or dtype")
        }
        guard length <= available else {
            throw Failure(description: "weight '\(spec.name)' needs \(length) bytes but \(available) are present")
        }
        return count
    }

    private static func decode(
        _ bytes: [UInt8], spec: WeightSpec, count: Int, _ store: (Int, Double) -> Void
    ) throws(Failure) {
        guard let quantization = spec.quantization else {
            guard spec.dtype == .float32 || spec.dtype == .int32 else {
                throw Failure(description: "weight '\(spec.name)' has dtype \(spec.dtypeName ?? "none")")
            }
            let asInt = spec.dtype == .int32
            for i in 0..<count {
                let bits = readUInt32(bytes, at: i * 4)
                store(i, asInt ? Double(Int32(bitPattern: bits)) : Double(Float(bitPattern: bits)))
            }
            return
        }
        switch quantization.storage {
        case .float16:
            for i in 0..<count { store(i, Double(float16ToFloat(readUInt16(bytes, at: i * 2)))) }
        case .uint8, .uint16:
            guard let scale = quantization.scale, let min = quantization.min else {
                throw Failure(description: "Weight \(spec.name) with quantization \(quantization.dtypeName ?? "") "
                    + "doesn't have corresponding metadata min and scale.")
            }
            let wide = quantization.storage == .uint16
            for i in 0..<count {
                let q = wide ? Double(readUInt16(bytes, at: i * 2)) : Double(bytes[i])
                store(i, q * scale + min)
            }
        case nil:
            throw Failure(description: "Weight \(spec.name) has unknown quantization dtype \(quantization.dtypeName ?? "")")
        }
    }

    /// ECMAScript ToInt32, as storing into an Int32Array does: NaN and infinities become 0, others wrap.
    static func javaScriptInt32(_ value: Double) -> Int32 {
        guard value.isFinite else { return 0 }
        let wrapped = value.truncatingRemainder(dividingBy: 4_294_967_296)
        return Int32(truncatingIfNeeded: Int64(wrapped))
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    static func readUInt16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    /// IEEE 754 binary16 to binary32, exact for every value including subnormals, infinities and NaN.
    public static func float16ToFloat(_ half: UInt16) -> Float {
        let sign: UInt32 = UInt32(half & 0x8000) << 16
        let exponent = Int(half >> 10 & 0x1F)
        let mantissa = UInt32(half & 0x3FF)
        switch exponent {
        case 0:
            // Subnormal or zero: mantissa * 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
        }
    }
}
