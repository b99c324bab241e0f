// Measures the executor's time per inference and memory for MobileNetV2 models, next to TensorFlow's time on the
// same inputs (tensorflow_baseline.py). Not a test: `swift run -c release tfjslint-executor-benchmark [--runs N]`.
// Each model runs in a child process of this executable, so that its peak resident memory is its own.
import Foundation
import TFJSExecutor
import TFJSLintCore

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let models = root.appendingPathComponent("Benchmarks/.models")

/// One model of the benchmark: its model.json folder and the input and golden output it runs on.
struct Benchmark {
    let name: String
    let folder: URL
    let input: URL
    let golden: URL

    static let all = [
        sample("mobilenetv2-graph"),
        sample("mobilenetv2-layers-tfkeras"),
        Benchmark(name: "mobilenetv2-full", folder: models.appendingPathComponent("mobilenetv2-full/graph"),
                  input: models.appendingPathComponent("mobilenetv2-full/input_0.npy"),
                  golden: models.appendingPathComponent("mobilenetv2-full/output_0.npy")),
    ]

    static func sample(_ name: String) -> Benchmark {
        let folder = root.appendingPathComponent("Samples/\(name)")
        return Benchmark(name: name, folder: folder, input: folder.appendingPathComponent("input_0.npy"),
                         golden: folder.appendingPathComponent("output_0.npy"))
    }
}

/// What a child process reports for one model.
struct Measurement: Codable {
    var available = true
    var note = ""
    var medianMS = 0.0
    var minMS = 0.0
    var runs = 0
    /// CPU time over wall time while timing: how many cores the executor kept busy.
    var coresUsed = 0.0
    var weightBytes = 0
    /// nil where the executor does not track them (layers models).
    var peakActivationBytes: Int?
    var startRSS = 0
    /// Resident bytes once model.json is parsed and the input and golden .npy are read: what the executor is given.
    var givenRSS = 0
    /// Resident bytes once the executor has built the model, before the first inference.
    var loadedRSS = 0
    var peakRSS = 0
    var maxAbsError = 0.0
}

/// A loaded model: one inference on the benchmark's input (its output and, where the executor tracks them, the
/// peak live activation bytes), and the bytes of its weights.
struct Runner {
    let infer: () throws -> (output: Tensor, peakActivationBytes: Int?)
    let weightBytes: Int
}

func graphRunner(_ artifact: ModelArtifact, _ input: Tensor) throws -> Runner {
    let model = try GraphModel(artifact)
    guard let feed = model.inputs.first?.node else { throw ExecutionError("the model has no input") }
    return Runner(infer: {
        var peak = 0
        let outputs = try model.run([feed: input], peakActivationBytes: &peak)
        guard let output = outputs.first else { throw ExecutionError("the model has no output") }
        return (output, peak)
    }, weightBytes: model.weightBytes)
}

/// A layers model's weights are counted from the manifest.
func layersRunner(_ artifact: ModelArtifact, _ input: Tensor) throws -> Runner {
    let model = try LayersModel(artifact)
    guard let feed = model.inputs.first?.name else { throw ExecutionError("the model has no input") }
    return Runner(infer: {
        var peak = 0
        let outputs = try model.run([feed: input], peakActivationBytes: &peak)
        guard let output = outputs.first else { throw ExecutionError("the model has no output") }
        return (output, peak)
    }, weightBytes: artifact.manifest.weights.reduce(0) { $0 + ($1.elementCount ?? 0) * MemoryLayout<Float>.stride })
}

func residentBytes(peak: Bool) -> Int {
    // VmHWM is the peak resident set, VmRSS the current one (Linux); ru_maxrss elsewhere.
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        let key = peak ? "VmHWM:" : "VmRSS:"
        if let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
           let kilobytes = Int(line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) {
            return kilobytes * 1024
        }
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func measure(_ benchmark: Benchmark, runs: Int) throws -> Measurement {
    var result = Measurement()
    result.startRSS = residentBytes(peak: false)
    let modelURL = benchmark.folder.appendingPathComponent("model.json")
    guard let bytes = FileManager.default.contents(atPath: modelURL.path) else {
        return Measurement(available: false, note: "\(modelURL.path) is missing (run make_models.py)")
    }
    let artifact = ModelArtifact(path: modelURL.path, document: try JSONDocument(bytes: Array(bytes)),
                                 files: DirectoryModelFiles(directory: benchmark.folder))
    let input = try Numpy.readNPY(try Data(contentsOf: benchmark.input))
    let golden = try Numpy.readNPY(try Data(contentsOf: benchmark.golden))
    result.givenRSS = residentBytes(peak: false)
    let runner = artifact.format == .layers ? try layersRunner(artifact, input) : try graphRunner(artifact, input)
    result.loadedRSS = residentBytes(peak: false)
    result.weightBytes = runner.weightBytes

    for _ in 0..<2 { _ = try runner.infer() }
    var times: [Double] = []
    let cpuStart = cpuSeconds(), wallStart = now()
    for _ in 0..<runs {
        let start = now()
        let (output, peak) = try runner.infer()
        times.append(now() - start)
        result.peakActivationBytes = peak
        result.maxAbsError = zip(output.values, golden.values).reduce(0) { max($0, Double(abs($1.0 - $1.1))) }
        guard output.shape == golden.shape else { throw ExecutionError("output \(output.shape), golden \(golden.shape)") }
    }
    result.coresUsed = (cpuSeconds() - cpuStart) / (now() - wallStart)
    times.sort()
    result.medianMS = times[times.count / 2] * 1000
    result.minMS = times[0] * 1000
    result.runs = runs
    result.peakRSS = residentBytes(peak: true)
    return result
}

/// TensorFlow's figures from tensorflow_baseline.py, by model name.
func tensorflowBaseline() -> (models: [String: (median: Double, min: Double)], version: String, load: Double?) {
    guard let data = FileManager.default.contents(atPath: models.appendingPathComponent("tensorflow-baseline.json").path),
          let document = try? JSONDocument(bytes: Array(data)) else { return ([:], "", nil) }
    var times: [String: (median: Double, min: Double)] = [:]
    var version = ""
    for member in document.root["models"]?.members ?? [] {
        if let median = member.value["median_ms"]?.number, let min = member.value["min_ms"]?.number { times[member.key] = (median, min) }
        version = member.value["tensorflow"]?.string ?? version
    }
    return (times, version, document.root["load_average_before"]?.number)
}

let arguments = CommandLine.arguments
let runs = arguments.firstIndex(of: "--runs").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 20
if let index = arguments.firstIndex(of: "--measure"), arguments.indices.contains(index + 1),
   let benchmark = Benchmark.all.first(where: { $0.name == arguments[index + 1] }) {
    let measurement: Measurement
    do {
        measurement = try measure(benchmark, runs: runs)
    } catch {
        measurement = Measurement(available: false, note: "cannot run: \(error)")
    }
    print(String(decoding: try JSONEncoder().encode(measurement), as: UTF8.self))
    exit(0)
}

func child(_ benchmark: Benchmark) throws -> Measurement {
    let process = Process(), pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["--measure", benchmark.name, "--runs", String(runs)]
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard let line = output.split(separator: UInt8(ascii: "\n")).last else {
        return Measurement(available: false, note: "the measuring process exited with \(process.terminationStatus)")
    }
    return try JSONDecoder().decode(Measurement.self, from: Data(line))
}

func column(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

let baseline = tensorflowBaseline()
var loadAverage = [0.0, 0, 0]
getloadavg(&loadAverage, 3)
print("Executor: batch 1, median of \(runs) runs after 2 warm-up runs, \(ProcessInfo.processInfo.activeProcessorCount) cores, "
      + String(format: "load average %.1f", loadAverage[0]))
print(baseline.models.isEmpty ? "TensorFlow: no Benchmarks/.models/tensorflow-baseline.json (run tensorflow_baseline.py)"
      : "TensorFlow \(baseline.version) CPU: from tensorflow_baseline.py"
        + (baseline.load.map { String(format: " (load average %.1f when measured)", $0) } ?? ""))
print("times are median / minimum; ratio is executor / TensorFlow of the medians, then of the minima")
print(column("model", 28) + column("executor", 17) + column("TensorFlow", 17) + column("ratio", 13) + column("cores", 7)
      + column("max |error|", 13) + column("weights", 10) + column("activations", 13) + column("budget", 10) + "executor RSS: loaded, peak")
for benchmark in Benchmark.all {
    let m = try child(benchmark)
    let tensorflow = baseline.models[benchmark.name]
    let tensorflowText = tensorflow.map { String(format: "%.1f / %.1f ms", $0.median, $0.min) } ?? "n/a"
    guard m.available else {
        print(column(benchmark.name, 28) + column(m.note, 36) + "TensorFlow " + tensorflowText)
        continue
    }
    let budget = m.peakActivationBytes.map { 2 * (m.weightBytes + $0) }
    print(column(benchmark.name, 28) + column(String(format: "%.1f / %.1f ms", m.medianMS, m.minMS), 17) + column(tensorflowText, 17)
          + column(tensorflow.map { String(format: "%.2f / %.2f", m.medianMS / $0.median, m.minMS / $0.min) } ?? "", 13)
          + column(String(format: "%.1f", m.coresUsed), 7)
          + column(String(format: "%.1e", m.maxAbsError), 13) + column(megabytes(m.weightBytes), 10)
          + column(m.peakActivationBytes.map(megabytes) ?? "n/a", 13) + column(budget.map(megabytes) ?? "n/a", 10)
          + megabytes(m.loadedRSS - m.givenRSS) + ", " + megabytes(m.peakRSS - m.givenRSS)
          + " (+ \(megabytes(m.givenRSS - m.startRSS)) parsed model.json and .npy)")
}
