/// The layer classes the executor builds, by the class name TF.js registers; one table per category, merged here.
enum LayerRegistry {
    static let factories: [String: LayerFactory] = [
        CoreLayers.factories, MergeLayers.factories, EmbeddingLayers.factories,
        ConvolutionLayers.factories, PoolingLayers.factories, NormalizationLayers.factories, ReshapingLayers.factories,
        AdvancedActivationLayers.factories, PreprocessingLayers.factories,
        RecurrentLayers.factories, ConvolutionalRecurrentLayers.factories, WrapperLayers.factories,
    ].reduce(into: [:]) { table, category in table.merge(category) { first, _ in first } }
}
