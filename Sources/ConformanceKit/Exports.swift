// The runner's users (the CLI, the generated suites, SDK maintainers' tests) see the case and
// result model and the validators through `import ConformanceKit`, as before the split.
@_exported import ConformanceModel
@_exported import ConformanceRules
