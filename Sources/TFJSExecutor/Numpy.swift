import Foundation
import ZIPFoundation

/// `.npy` and `.npz` files (NumPy's format 1.0/2.0/3.0, C order, little-endian).
public enum Numpy {
    public static func readNPY(_ data: Data) throws(ExecutionError) -> Tensor {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw ExecutionError("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw ExecutionError(".npy header is cut off") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        guard headerStart + headerLength <= bytes.count else { throw ExecutionError(".npy header is cut off") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field(header, "descr"), let order = field(header, "fortran_order"), let shapeText = field(header, "shape") else {
            throw ExecutionError(".npy header lacks descr, fortran_order or shape: \(header)")
        }
        guard order == "False" else { throw ExecutionError("Fortran-order .npy arrays are not supported; save with C order") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() ")).split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let count = Tensor.elementCount(shape) else { throw ExecutionError(".npy shape \(shapeText) is invalid") }
        let body = Array(bytes[(headerStart + headerLength)...])
        let type = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        let (width, dtype, decode): (Int, Tensor.DType, ([UInt8], Int) -> Float) = try decoder(type)
        // A complex element is two values (real, imaginary), each of half the element's width.
        let (valueCount, overflow) = count.multipliedReportingOverflow(by: dtype == .complex64 ? 2 : 1)
        let valueWidth = dtype == .complex64 ? width / 2 : width
        guard !overflow, valueCount <= body.count / valueWidth else {
            throw ExecutionError(".npy data holds \(body.count) bytes; shape \(shape) of \(type) needs more")
        }
        var values = [Float](repeating: 0, count: valueCount)
        for i in 0..<valueCount { values[i] = decode(body, i * valueWidth) }
        return Tensor(shape: shape, dtype: dtype, values: values)
    }

    private static func decoder(_ type: String) throws(ExecutionError) -> (Int, Tensor.DType, ([UInt8], Int) -> Float) {
        func u64(_ b: [UInt8], _ o: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[o + $1]) << (8 * UInt64($1)) } }
        func u32(_ b: [UInt8], _ o: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[o + $1]) << (8 * UInt32($1)) } }
        switch type {
        case "<f4", "=f4": return (4, .float32, { Float(bitPattern: u32($0, $1)) })
        case "<f8", "=f8": return (8, .float32, { Float(Double(bitPattern: u64($0, $1))) })
        case "<i4", "=i4": return (4, .int32, { Float(Int32(bitPattern: u32($0, $1))) })
        case "<i8", "=i8": return (8, .int32, { Float(Int64(bitPattern: u64($0, $1))) })
        case "|u1": return (1, .int32, { Float($0[$1]) })
        case "|b1": return (1, .bool, { $0[$1] == 0 ? 0 : 1 })
        case "<c8", "=c8": return (8, .complex64, { Float(bitPattern: u32($0, $1)) })
        case "<c16", "=c16": return (16, .complex64, { Float(Double(bitPattern: u64($0, $1))) })
        default: throw ExecutionError("unsupported .npy dtype \(type) (float32/64, int32/64, uint8, bool and complex64/128 are)")
        }
    }

    private static func field(_ header: String, _ key: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        let rest = header[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("(") { return rest.firstIndex(of: ")").map { String(rest[...$0]) } }
        return rest.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The tensor as float32 (`<f4`), or complex64 (`<c8`, its value pairs as they are stored).
    public static func writeNPY(_ tensor: Tensor) -> Data {
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        let descr = tensor.dtype == .complex64 ? "<c8" : "<f4"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Every array of an `.npz` archive (stored or deflated members), keyed by name without `.npy`.
    public static func readNPZ(_ url: URL) throws(ExecutionError) -> [String: Tensor] {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ExecutionError("\(url.path) is not a readable .npz (zip) archive: \(error)")
        }
        var tensors: [String: Tensor] = [:]
        for entry in archive where entry.path.hasSuffix(".npy") {
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw ExecutionError("cannot extract \(entry.path) from \(url.path): \(error)")
            }
            tensors[String(entry.path.dropLast(4))] = try readNPY(data)
        }
        return tensors
    }

    public static func writeNPZ(_ tensors: [(String, Tensor)], to url: URL) throws(ExecutionError) {
        try? FileManager.default.removeItem(at: url)
        do {
            let archive = try Archive(url: url, accessMode: .create)
            for (name, tensor) in tensors {
                let data = writeNPY(tensor)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
        } catch {
            throw ExecutionError("cannot write \(url.path): \(error)")
        }
    }
}
