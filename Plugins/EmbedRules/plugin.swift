import Foundation
import PackagePlugin

/// Embeds every file under the package's `Rules/` folder into the target, so the binary carries its
/// presets and catalogs and runs installed alone, from any directory.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "Rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRules.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding Rules/ (\(inputs.count) files)",
                executable: try context.tool(named: "EmbedRulesTool").url,
                arguments: [rules.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
