extension CommandActions {
    /// What the shipped executable runs. Wire each closure to its module as it lands
    /// (SpecLinter, GeneratorPipeline, FeishuMock's server, the ConformanceKit runner).
    public static var standard: CommandActions { .unwired }
}
