// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tfjslint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tfjslint", targets: ["tfjslint"]),
        .library(name: "TFJSLintKit", targets: ["TFJSLintKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // JSON document with positions, model artifacts, findings, rule protocols, catalog types.
        .target(name: "TFJSLintCore"),
        // One file per rule, grouped by category; RuleRegistry lists them.
        .target(name: "TFJSLintRules", dependencies: ["TFJSLintCore"]),
        // YAML configuration, presets and catalogs, read from the embedded copy of Rules/.
        .target(
            name: "TFJSLintConfig",
            dependencies: ["TFJSLintCore", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedRules"]),
        .executableTarget(name: "EmbedRulesTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["EmbedRulesTool"]),
        // Reference executor with TF.js 4.22 semantics; knows model artifacts, nothing of rules.
        .target(name: "TFJSExecutor", dependencies: ["TFJSLintCore", "ZIPFoundation"]),
        // One reporter per file.
        .target(name: "TFJSLintReporters", dependencies: ["TFJSLintCore"]),
        // Orchestration: discovery, parallel linting, fix loop, verify.
        .target(name: "TFJSLintKit", dependencies: [
            "TFJSLintCore", "TFJSLintRules", "TFJSLintConfig", "TFJSLintReporters", "TFJSExecutor",
        ]),
        .executableTarget(name: "tfjslint", dependencies: [
            "TFJSLintKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Speed figures, not a test: `swift run -c release tfjslint-benchmark`.
        .executableTarget(name: "tfjslint-benchmark", dependencies: ["TFJSLintKit"], path: "Benchmarks/LintBenchmark"),
        // The executor's time and memory next to TensorFlow's: `swift run -c release tfjslint-executor-benchmark`.
        .executableTarget(
            name: "tfjslint-executor-benchmark", dependencies: ["TFJSExecutor", "TFJSLintCore"], path: "Benchmarks/ExecutorBenchmark",
            exclude: ["make_models.py", "tensorflow_baseline.py"]),
        .testTarget(name: "TFJSLintCoreTests", dependencies: ["TFJSLintCore"]),
        .testTarget(name: "TFJSLintRulesTests", dependencies: ["TFJSLintRules", "TFJSLintKit"]),
        .testTarget(name: "TFJSLintConfigTests", dependencies: ["TFJSLintConfig"]),
        .testTarget(name: "TFJSLintKitTests", dependencies: ["TFJSLintKit"], exclude: ["Fixtures"]),
        .testTarget(name: "TFJSExecutorTests", dependencies: ["TFJSExecutor"], exclude: ["Fixtures"]),
    ]
)
