@_exported import TFJSLintCore
@_exported import TFJSLintReporters
