@_exported import TFJSLintCore
@_exported import TFJSLintReporters
@_exported import TFJSLintConfig
@_exported import TFJSLintRules
@_exported import TFJSExecutor
