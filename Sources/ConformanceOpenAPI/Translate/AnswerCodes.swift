import ConformanceSpec

/// Every error code an endpoint can be answered with, each with its HTTP status and the table
/// entry that documents it: the endpoint's own error table, every binding its rules and
/// behaviours name, and the platform codes that apply to it (token checks, scopes, rate limits;
/// for the token endpoint its credential codes).
///
/// The status of a code is the endpoint's table, else the platform's, else 400, and the platform's
/// rate-limit status for the rate-limit code: the same lookup the mock answers with.
struct AnswerCodes {
    /// One code an endpoint may answer.
    struct Code: Hashable {
        /// The platform code (`code` in the reply).
        var code: Int
        /// The HTTP status it is answered with.
        var status: Int
        /// Where the status comes from, when a table gives it.
        var statusProvenance: Provenance?
        /// The endpoint's or the platform's table entry, when one documents the code.
        var entry: ErrorEntry?
        /// `endpoint` or `platform`: whose table holds the entry.
        var table: String?
    }

    /// The codes, sorted by status then code.
    let codes: [Code]

    /// The codes of `endpoint`; `isTokenEndpoint` selects the token endpoint's platform codes.
    init(endpoint: EndpointSpec, platform: PlatformSpec, isTokenEndpoint: Bool) {
        var numbers: Set<Int> = Set(endpoint.errors.map(\.code))
        numbers.insert(endpoint.invalidParamError.code)
        for field in endpoint.request { Self.collect(field, into: &numbers) }
        for behaviour in endpoint.behaviours {
            for binding in behaviour.errorBindings { numbers.insert(binding.code) }
        }
        let roles = platform.roles
        if isTokenEndpoint {
            numbers.formUnion([roles.tokenBadRequest.code, roles.badCredentials.code])
        } else {
            numbers.formUnion([
                roles.missingToken.code, roles.malformedAuthorization.code, roles.badTokenPrefix.code,
                roles.invalidTenantToken.code, roles.invalidUserToken.code, roles.wrongTokenType.code,
            ])
            if !endpoint.auth.scopes.value.isEmpty { numbers.insert(roles.missingScope.code) }
            if !endpoint.rateLimits.isEmpty { numbers.insert(roles.rateLimited.code) }
        }
        codes = numbers.map { number -> Code in
            let own = endpoint.error(code: number)
            let shared = platform.error(code: number)
            let entry = own ?? shared
            var status = entry?.httpStatus.value ?? 400
            var provenance = entry?.httpStatus.provenance
            if number == roles.rateLimited.code && !isTokenEndpoint {
                status = platform.rateLimiting.httpStatus.value
                provenance = platform.rateLimiting.httpStatus.provenance
            }
            return Code(
                code: number, status: status, statusProvenance: provenance, entry: entry,
                table: own != nil ? "endpoint" : shared != nil ? "platform" : nil)
        }.sorted { ($0.status, $0.code) < ($1.status, $1.code) }
    }

    /// The statuses, ascending.
    var statuses: [Int] { Array(Set(codes.map(\.status))).sorted() }

    /// The codes answered with `status`, ascending.
    func codes(status: Int) -> [Code] { codes.filter { $0.status == status } }

    /// Every code a field's rules (and its members' rules) bind.
    static func collect(_ field: FieldSpec, into numbers: inout Set<Int>) {
        let bindings: [ErrorBinding?] = [
            field.required.error, field.default?.error, field.enum?.error, field.minLength?.error, field.maxLength?.error,
            field.lengthUnit?.error, field.minimum?.error, field.maximum?.error, field.fixedValue?.error,
            field.valueFormat?.error, field.typeError,
            field.file?.formats?.error, field.file?.minBytes?.error, field.file?.maxBytes?.error,
        ]
        for binding in bindings { if let binding { numbers.insert(binding.code) } }
        for limits in field.file?.pixels ?? [] {
            let pixelBindings: [ErrorBinding?] = [
                limits.minWidth?.error, limits.maxWidth?.error, limits.minHeight?.error, limits.maxHeight?.error,
                limits.minAspectRatio?.error, limits.maxAspectRatio?.error,
            ]
            for binding in pixelBindings { if let binding { numbers.insert(binding.code) } }
        }
        for member in field.fields ?? [] { collect(member, into: &numbers) }
    }
}
