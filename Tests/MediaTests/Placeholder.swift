import Testing

// Placeholder until this target gets real tests; delete when adding one.
