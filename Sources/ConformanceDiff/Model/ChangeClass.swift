/// Every kind of spec change the differ recognises, each with one severity.
///
/// The raw value is the class id reports print (`request.limit.tightened`); the README lists them
/// all. Severity is judged from a client's side: would a request that followed the old specs still
/// be accepted, and would a reply still read as the old specs describe it?
public enum ChangeClass: String, Sendable, Hashable, Codable, CaseIterable {
    // MARK: Endpoints
    /// A spec file for a new endpoint.
    case endpointAdded = "endpoint.added"
    /// An endpoint no longer in the specs.
    case endpointRemoved = "endpoint.removed"
    /// The same method and path under another spec id (our name for it, not the platform's).
    case endpointIDChanged = "endpoint.id.changed"
    /// The HTTP method changed.
    case endpointMethodChanged = "endpoint.method.changed"
    /// The path template changed.
    case endpointPathChanged = "endpoint.path.changed"
    /// The endpoint is served on one more domain.
    case endpointDomainAdded = "endpoint.domain.added"
    /// The endpoint is no longer served on a domain.
    case endpointDomainRemoved = "endpoint.domain.removed"
    /// JSON, multipart or no body: the request body's encoding changed.
    case endpointBodyEncodingChanged = "endpoint.bodyEncoding.changed"

    // MARK: Auth and rate limits
    /// One more access token type is accepted.
    case authTokenTypeAdded = "auth.tokenType.added"
    /// An access token type is no longer accepted.
    case authTokenTypeRemoved = "auth.tokenType.removed"
    /// One more scope grants access (holding any one suffices).
    case authScopeAdded = "auth.scope.added"
    /// A scope no longer grants access.
    case authScopeRemoved = "auth.scope.removed"
    /// One more app type may call the endpoint.
    case authAppTypeAdded = "auth.appType.added"
    /// An app type may no longer call the endpoint.
    case authAppTypeRemoved = "auth.appType.removed"
    /// A rate limit for a window that had none.
    case rateLimitAdded = "rateLimit.added"
    /// A window's rate limit is gone.
    case rateLimitRemoved = "rateLimit.removed"
    /// Fewer requests per window.
    case rateLimitLowered = "rateLimit.lowered"
    /// More requests per window.
    case rateLimitRaised = "rateLimit.raised"

    // MARK: Request fields
    /// A new request field the client must send.
    case requestFieldAddedRequired = "request.field.added.required"
    /// A new request field the client may send.
    case requestFieldAddedOptional = "request.field.added.optional"
    /// A request field is gone.
    case requestFieldRemoved = "request.field.removed"
    /// A request field gone and another of the same type and location come: probably renamed.
    case requestFieldRenamed = "request.field.renamed"
    /// A request field moved (header, query, path, body).
    case requestFieldLocationChanged = "request.field.location.changed"
    /// A request field's type (or its items' type) changed.
    case requestFieldTypeChanged = "request.field.type.changed"
    /// An optional request field became required.
    case requestFieldRequired = "request.field.required"
    /// A required request field became optional.
    case requestFieldOptional = "request.field.optional"
    /// A request limit refuses values it accepted: a length, range, byte or pixel bound tightened
    /// or added, an enum or fixed value imposed, lengths counted in bytes instead of characters.
    case requestLimitTightened = "request.limit.tightened"
    /// A request limit accepts values it refused: a bound loosened or dropped.
    case requestLimitLoosened = "request.limit.loosened"
    /// A request enum accepts one more value.
    case requestEnumValueAdded = "request.enum.value.added"
    /// A request enum no longer accepts a value.
    case requestEnumValueRemoved = "request.enum.value.removed"
    /// An uploaded file may have one more format.
    case requestFileFormatAdded = "request.fileFormat.added"
    /// An uploaded file may no longer have a format.
    case requestFileFormatRemoved = "request.fileFormat.removed"
    /// The value the platform assumes for an absent request field changed (or appeared, or went).
    case requestDefaultChanged = "request.default.changed"
    /// A field's fixed value (a header's media type) changed.
    case fieldFixedValueChanged = "field.fixedValue.changed"
    /// A field's documented value format (`Bearer <access_token>`) changed.
    case fieldValueFormatChanged = "field.valueFormat.changed"

    // MARK: Responses
    /// `envelope` or `flat`: the reply's layout changed.
    case responseShapeChanged = "response.shape.changed"
    /// The `msg` of a successful reply changed.
    case responseSuccessMessageChanged = "response.successMessage.changed"
    /// A new response field.
    case responseFieldAdded = "response.field.added"
    /// A response field is gone.
    case responseFieldRemoved = "response.field.removed"
    /// A response field gone and another of the same type come: probably renamed.
    case responseFieldRenamed = "response.field.renamed"
    /// A response field's type (or its items' type) changed.
    case responseFieldTypeChanged = "response.field.type.changed"
    /// A response field that was in every success reply may now be left out.
    case responseFieldOptional = "response.field.optional"
    /// A response field that could be left out is now in every success reply.
    case responseFieldRequired = "response.field.required"
    /// The condition under which a response field is present changed.
    case responseFieldConditionChanged = "response.field.condition.changed"
    /// A response value is bounded more narrowly (a client sees nothing new).
    case responseLimitTightened = "response.limit.tightened"
    /// A response value may go beyond what the old specs allowed (longer, larger, any enum value).
    case responseLimitLoosened = "response.limit.loosened"
    /// A response enum has one more value a client may meet.
    case responseEnumValueAdded = "response.enum.value.added"
    /// A response enum value is no longer sent.
    case responseEnumValueRemoved = "response.enum.value.removed"

    // MARK: Errors
    /// A new error code in an error table.
    case errorAdded = "error.added"
    /// An error code is gone from an error table.
    case errorRemoved = "error.removed"
    /// The HTTP status an error code comes with changed.
    case errorHTTPStatusChanged = "error.httpStatus.changed"
    /// The `msg` an error code comes with changed.
    case errorMessageChanged = "error.message.changed"
    /// The error code a broken rule is answered with changed.
    case ruleErrorChanged = "rule.error.changed"
    /// Which check wins when a request breaks several rules changed.
    case validationOrderChanged = "validationOrder.changed"

    // MARK: Behaviours
    /// A new stateful behaviour that refuses nothing (`creates`, `lists`).
    case behaviourAdded = "behaviour.added"
    /// A behaviour that refuses nothing is gone (what is created or listed).
    case behaviourRemoved = "behaviour.removed"
    /// A new constraint behaviour (`unique`, `quota`, `references`, `requiresCapability`).
    case behaviourConstraintAdded = "behaviour.constraint.added"
    /// A constraint behaviour is gone.
    case behaviourConstraintRemoved = "behaviour.constraint.removed"
    /// A behaviour's bound tightened: a lower quota, a shorter key lifetime.
    case behaviourLimitTightened = "behaviour.limit.tightened"
    /// A behaviour's bound loosened.
    case behaviourLimitLoosened = "behaviour.limit.loosened"
    /// Another fact of a behaviour changed: list order, page-token rules, filters, key paths.
    case behaviourChanged = "behaviour.changed"

    // MARK: Platform
    /// A new platform fact (a domain).
    case platformFactAdded = "platform.fact.added"
    /// A platform fact every client relies on changed: envelope, token formats, rate-limit answer,
    /// routing statuses, domains.
    case platformFactChanged = "platform.fact.changed"
    /// A platform bound tightened: a shorter token lifetime or refresh window (the least lifetime a
    /// token just requested has).
    case platformLimitTightened = "platform.limit.tightened"
    /// A platform bound loosened: a longer token lifetime or refresh window.
    case platformLimitLoosened = "platform.limit.loosened"

    // MARK: Documentation
    /// The same fact with another provenance: documented became inferred (or back), or the doc's
    /// quoted words changed.
    case provenanceChanged = "provenance.changed"
    /// Words only: titles, descriptions, examples, advice, the source page or its date, decisions.
    case documentationChanged = "documentation.changed"
    /// A difference between the spec files that no class above accounts for (a member this tool
    /// does not know yet): review it.
    case unclassified = "unclassified.changed"

    /// The class's severity.
    public var severity: ChangeSeverity {
        switch self {
        case .endpointRemoved, .endpointMethodChanged, .endpointPathChanged, .endpointDomainRemoved,
            .endpointBodyEncodingChanged, .authTokenTypeRemoved, .authScopeRemoved, .authAppTypeRemoved,
            .rateLimitAdded, .rateLimitLowered, .requestFieldAddedRequired, .requestFieldRemoved,
            .requestFieldRenamed, .requestFieldLocationChanged, .requestFieldTypeChanged, .requestFieldRequired,
            .requestLimitTightened, .requestEnumValueRemoved, .requestFileFormatRemoved, .fieldFixedValueChanged,
            .responseShapeChanged, .responseFieldRemoved, .responseFieldRenamed, .responseFieldTypeChanged,
            .responseFieldOptional, .errorHTTPStatusChanged, .behaviourConstraintAdded, .behaviourLimitTightened,
            .platformFactChanged, .platformLimitTightened:
            .breaking
        case .requestDefaultChanged, .fieldValueFormatChanged, .responseSuccessMessageChanged,
            .responseFieldConditionChanged, .responseLimitLoosened, .responseEnumValueAdded, .errorAdded,
            .errorRemoved, .ruleErrorChanged, .validationOrderChanged, .behaviourRemoved, .behaviourChanged,
            .unclassified:
            .potentiallyBreaking
        case .endpointAdded, .endpointIDChanged, .endpointDomainAdded, .authTokenTypeAdded, .authScopeAdded,
            .authAppTypeAdded, .rateLimitRemoved, .rateLimitRaised, .requestFieldAddedOptional,
            .requestFieldOptional, .requestLimitLoosened, .requestEnumValueAdded, .requestFileFormatAdded,
            .responseFieldAdded, .responseFieldRequired, .responseLimitTightened, .responseEnumValueRemoved,
            .errorMessageChanged, .behaviourAdded, .behaviourConstraintRemoved, .behaviourLimitLoosened,
            .platformFactAdded, .platformLimitLoosened, .provenanceChanged, .documentationChanged:
            .nonBreaking
        }
    }
}
