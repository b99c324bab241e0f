import TFJSLintCore

/// Every rule tfjslint has, in the order `tfjslint rules` lists them.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        InvalidJSONRule.self,
        UnknownFormatRule.self,
        // Files, weights and graph wiring
        UnsafeWeightPathRule.self,
        MissingShardRule.self,
        WeightsSizeMismatchRule.self,
        DuplicateWeightNameRule.self,
        UnknownWeightDtypeRule.self,
        NonFiniteWeightsRule.self,
        DanglingInputRule.self,
        MissingInputShapeRule.self,
        // Keras 3 output
        Keras3BatchShapeRule.self,
        Keras3InboundNodesRule.self,
        Keras3IOLayersRule.self,
        Keras3RenamedConfigRule.self,
        Keras3WeightNamesRule.self,
        Keras3NestedNodeIndexRule.self,
        Keras3OpLayerRule.self,
        // Catalog: what TF.js supports (layers, config values, ops, dtypes)
        UnsupportedLayerRule.self,
        UnsupportedActivationRule.self,
        UnsupportedInitializerRule.self,
        UnsupportedRegularizerRule.self,
        UnsupportedConstraintRule.self,
        UnsupportedLayerConfigRule.self,
        BrokenLayerRule.self,
        SemanticDriftRule.self,
        InvalidTensorNameRule.self,
        UnsupportedOpRule.self,
        AsyncExecutionRequiredRule.self,
        UnsupportedDTypeRule.self,
        UnsupportedDataFormatRule.self,
        NaNOutputRule.self,
        GraphCycleRule.self,
        SignatureMismatchRule.self,
        MissingConstWeightRule.self,
        WeightLayerMismatchRule.self,
        // Project: code and scripts around the models
        FormatLoaderMismatchRule.self,
        InvalidFormatPairRule.self,
        ConverterFlagRule.self,
        Keras3ConversionRule.self,
    ]

    public static var modelRules: [any ModelRule.Type] { all.compactMap { $0 as? any ModelRule.Type } }

    public static var sourceRules: [any SourceRule.Type] { all.compactMap { $0 as? any SourceRule.Type } }

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }
}
