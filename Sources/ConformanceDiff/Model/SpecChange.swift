import ConformanceSpec

/// One difference between two spec sets, classified.
///
/// `path` is a JSON path into the spec file that locates the fact, with array elements named by
/// what identifies them rather than by position: `$.request[name=name].maxLength`,
/// `$.errors[code=1051104].httpStatus`, `$.rateLimits[window=minute]`. `subject` names the same fact
/// the way the validators name rules (`request.name.maxLength`), so a change reads beside a run's
/// or the proxy's findings.
public struct SpecChange: Sendable, Hashable, Codable {
    /// What kind of change this is.
    public var changeClass: ChangeClass
    /// The class's severity.
    public var severity: ChangeSeverity { changeClass.severity }
    /// The endpoint's spec id, or `platform` for platform-wide facts.
    public var endpoint: String
    /// The spec file the fact is in (the new one; the old one when the fact was removed).
    public var file: String
    /// JSON path of the fact in `file`.
    public var path: String
    /// The fact as a rule name: `request.name.maxLength`, `errors.1051104.httpStatus`.
    public var subject: String
    /// The old value, in short text; nil when the fact is new.
    public var old: String?
    /// The new value, in short text; nil when the fact is gone.
    public var new: String?
    /// Where the old fact came from, when it had a provenance.
    public var oldProvenance: Provenance?
    /// Where the new fact comes from, when it has a provenance.
    public var newProvenance: Provenance?
    /// One sentence saying what changed.
    public var message: String
    /// JSON paths (in the normalised spec files) this change accounts for; what no change accounts
    /// for is reported as `unclassified.changed`.
    var claims: [String]

    enum CodingKeys: String, CodingKey {
        case changeClass = "class"
        case severity, endpoint, file, path, subject, old, new, oldProvenance, newProvenance, message
    }

    /// Creates a change.
    public init(
        changeClass: ChangeClass, endpoint: String, file: String, path: String, subject: String,
        old: String?, new: String?, oldProvenance: Provenance? = nil, newProvenance: Provenance? = nil,
        message: String
    ) {
        self.init(
            changeClass: changeClass, endpoint: endpoint, file: file, path: path, subject: subject, old: old, new: new,
            oldProvenance: oldProvenance, newProvenance: newProvenance, message: message, claims: [path])
    }

    init(
        changeClass: ChangeClass, endpoint: String, file: String, path: String, subject: String,
        old: String?, new: String?, oldProvenance: Provenance?, newProvenance: Provenance?, message: String, claims: [String]
    ) {
        self.changeClass = changeClass
        self.endpoint = endpoint
        self.file = file
        self.path = path
        self.subject = subject
        self.old = old
        self.new = new
        self.oldProvenance = oldProvenance
        self.newProvenance = newProvenance
        self.message = message
        self.claims = claims
    }

    /// Decodes a change (claims are not part of the format).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        changeClass = try c.decode(ChangeClass.self, forKey: .changeClass)
        endpoint = try c.decode(String.self, forKey: .endpoint)
        file = try c.decode(String.self, forKey: .file)
        path = try c.decode(String.self, forKey: .path)
        subject = try c.decode(String.self, forKey: .subject)
        old = try c.decodeIfPresent(String.self, forKey: .old)
        new = try c.decodeIfPresent(String.self, forKey: .new)
        oldProvenance = try c.decodeIfPresent(Provenance.self, forKey: .oldProvenance)
        newProvenance = try c.decodeIfPresent(Provenance.self, forKey: .newProvenance)
        message = try c.decode(String.self, forKey: .message)
        claims = [path]
    }

    /// Encodes every key, `null` included, with the severity beside the class.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(changeClass, forKey: .changeClass)
        try c.encode(severity, forKey: .severity)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(file, forKey: .file)
        try c.encode(path, forKey: .path)
        try c.encode(subject, forKey: .subject)
        try c.encode(old, forKey: .old)
        try c.encode(new, forKey: .new)
        try c.encode(oldProvenance, forKey: .oldProvenance)
        try c.encode(newProvenance, forKey: .newProvenance)
        try c.encode(message, forKey: .message)
    }
}
