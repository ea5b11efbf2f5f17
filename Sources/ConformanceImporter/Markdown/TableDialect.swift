/// How a table is written.
public enum TableDialect: String, Sendable, Equatable {
    /// GFM with outer pipes: `| a | b |`, one row per line, `<br>` inside cells.
    case pipes
    /// No outer pipes (`a | b`); a row whose line ends in a hard break (two spaces) runs on to
    /// the next line (the seeds' export). Continuation lines are joined with `<br>`.
    case bare
}
