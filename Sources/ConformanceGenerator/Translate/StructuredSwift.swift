/// A small, `Equatable` model of the Swift source the generator emits. Translators build it,
/// tests compare it structurally, and `SwiftRenderer` turns it into text.

/// One generated file: where it goes, which spec files it came from, its imports and declarations.
public struct SwiftFile: Sendable, Equatable {
    /// Path relative to the repository root (`Sources/ConformanceCatalog/Generated/X.swift`).
    public var path: String
    /// Spec files it was generated from (`Specs/platform.json`), named in the header.
    public var sources: [String]
    /// Modules imported, in order.
    public var imports: [String]
    /// Top-level declarations, in order.
    public var declarations: [Declaration]

    /// Creates a file description.
    public init(path: String, sources: [String], imports: [String], declarations: [Declaration]) {
        self.path = path
        self.sources = sources
        self.imports = imports
        self.declarations = declarations
    }
}

/// Access level of a declaration.
public enum AccessLevel: String, Sendable, Equatable {
    /// The keyword written before the declaration.
    case `public`, `internal`, `private`
}

/// A Swift declaration.
public indirect enum Declaration: Sendable, Equatable {
    /// A declaration preceded by a doc comment (each string is one line, without `///`).
    case documented([String], Declaration)
    /// A declaration preceded by attributes (`@Suite("...")`), one per line.
    case attributed([String], Declaration)
    /// `struct Name: Conformances { members }`.
    case `struct`(TypeDescription)
    /// `enum Name: Conformances { members }`.
    case `enum`(TypeDescription)
    /// `extension Name: Conformances { members }`.
    case `extension`(TypeDescription)
    /// `case name` or `case name = raw` in an enum.
    case enumCase(name: String, rawValue: Expression?)
    /// A stored or computed property.
    case variable(VariableDescription)
    /// A function or initializer.
    case function(FunctionDescription)
    /// `typealias name = type`.
    case typeAlias(access: AccessLevel?, name: String, type: String)
}

extension Declaration {
    /// The declaration with every doc comment left out, members' included: what two declarations
    /// must share to be one shape.
    public var withoutDocumentation: Declaration {
        switch self {
        case .documented(_, let inner): return inner.withoutDocumentation
        case .attributed(let attributes, let inner): return .attributed(attributes, inner.withoutDocumentation)
        case .struct(var t):
            t.members = t.members.map(\.withoutDocumentation)
            return .struct(t)
        case .enum(var t):
            t.members = t.members.map(\.withoutDocumentation)
            return .enum(t)
        case .extension(var t):
            t.members = t.members.map(\.withoutDocumentation)
            return .extension(t)
        case .enumCase, .variable, .function, .typeAlias: return self
        }
    }
}

/// A struct, enum or extension.
public struct TypeDescription: Sendable, Equatable {
    /// Access level; none written when nil.
    public var access: AccessLevel?
    /// The declared name.
    public var name: String
    /// Protocols (or, for an extension, nothing extra) after the colon.
    public var conformances: [String]
    /// Member declarations in order.
    public var members: [Declaration]

    /// Creates a type description.
    public init(access: AccessLevel? = .public, name: String, conformances: [String] = [], members: [Declaration]) {
        self.access = access
        self.name = name
        self.conformances = conformances
        self.members = members
    }
}

/// A property: `public static let name: Type = value`, or a computed `var` with a body.
public struct VariableDescription: Sendable, Equatable {
    /// Access level; none written when nil.
    public var access: AccessLevel?
    /// `static` when true.
    public var isStatic: Bool
    /// `let` when false.
    public var isMutable: Bool
    /// The declared name.
    public var name: String
    /// The type annotation; inferred when nil.
    public var type: String?
    /// The initial value.
    public var initializer: Expression?
    /// A getter body for a computed property (then `isMutable` must be true).
    public var getter: [Statement]?

    /// Creates a property description.
    public init(
        access: AccessLevel? = .public, isStatic: Bool = false, isMutable: Bool = false, name: String, type: String? = nil,
        initializer: Expression? = nil, getter: [Statement]? = nil
    ) {
        self.access = access
        self.isStatic = isStatic
        self.isMutable = isMutable
        self.name = name
        self.type = type
        self.initializer = initializer
        self.getter = getter
    }
}

/// A function parameter: `label name: Type = default`.
public struct Parameter: Sendable, Equatable {
    /// External label; nil means the same as `name`, `"_"` means none.
    public var label: String?
    /// The declared name.
    public var name: String
    /// The parameter type.
    public var type: String
    /// The default value, when any.
    public var defaultValue: Expression?

    /// Creates a parameter.
    public init(label: String? = nil, name: String, type: String, defaultValue: Expression? = nil) {
        self.label = label
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

/// A function, or an initializer when `name` is `init`.
public struct FunctionDescription: Sendable, Equatable {
    /// Access level; none written when nil.
    public var access: AccessLevel?
    /// `static` when true.
    public var isStatic: Bool
    /// `async` when true.
    public var isAsync: Bool
    /// `throws` when true.
    public var isThrowing: Bool
    /// The declared name.
    public var name: String
    /// Parameters in order.
    public var parameters: [Parameter]
    /// The return type; none when nil.
    public var returnType: String?
    /// The body statements.
    public var body: [Statement]

    /// Creates a function description.
    public init(
        access: AccessLevel? = .public, isStatic: Bool = false, isAsync: Bool = false, isThrowing: Bool = false, name: String,
        parameters: [Parameter] = [], returnType: String? = nil, body: [Statement]
    ) {
        self.access = access
        self.isStatic = isStatic
        self.isAsync = isAsync
        self.isThrowing = isThrowing
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.body = body
    }
}

/// A statement in a function or getter body.
public indirect enum Statement: Sendable, Equatable {
    /// An expression statement (a call).
    case expression(Expression)
    /// A local declaration.
    case declaration(Declaration)
    /// `lhs = rhs`.
    case assignment(Expression, Expression)
    /// `return value`.
    case `return`(Expression)
    /// `if let name { body }`.
    case ifLet(String, [Statement])
}

/// A literal value.
public enum Literal: Sendable, Equatable {
    /// A string literal, escaped.
    case string(String)
    /// A string emitted as a multi-line raw string literal, exact bytes kept.
    case multilineString(String)
    /// An integer literal.
    case int(Int)
    /// A floating-point literal.
    case double(Double)
    /// `true` / `false`.
    case bool(Bool)
    /// `nil`.
    case `nil`
}

/// A function-call argument.
public struct Argument: Sendable, Equatable {
    /// The argument label; none when nil.
    public var label: String?
    /// The value.
    public var value: Expression

    /// Creates an argument.
    public init(_ label: String?, _ value: Expression) {
        self.label = label
        self.value = value
    }
}

/// A dictionary-literal entry.
public struct DictionaryEntry: Sendable, Equatable {
    /// The key.
    public var key: Expression
    /// The value.
    public var value: Expression

    /// Creates an entry.
    public init(_ key: Expression, _ value: Expression) {
        self.key = key
        self.value = value
    }
}

/// A Swift expression.
public indirect enum Expression: Sendable, Equatable {
    /// A literal value.
    case literal(Literal)
    /// `[a, b]`; rendered one element per line when `multiline`.
    case array([Expression], multiline: Bool)
    /// `[k: v]`, `[:]` when empty; one entry per line when `multiline`.
    case dictionary([DictionaryEntry], multiline: Bool)
    /// A name: `values`, `Self`, `HTTPRequest`.
    case identifier(String)
    /// `base.name`, or `.name` (implicit member) when base is nil.
    case member(Expression?, String)
    /// `callee(args)`; one argument per line when `multiline`.
    case call(Expression, [Argument], multiline: Bool)
    /// `lhs op rhs`.
    case binary(Expression, String, Expression)
    /// `base[index]`.
    case subscripted(Expression, Expression)
    /// `try expr`.
    case `try`(Expression)
    /// `await expr`.
    case await(Expression)
}

extension Expression {
    /// A string literal.
    public static func string(_ s: String) -> Expression { .literal(.string(s)) }
    /// An integer literal.
    public static func int(_ i: Int) -> Expression { .literal(.int(i)) }
    /// `.name(args)`: an implicit-member call.
    public static func dot(_ name: String, _ args: [Argument] = [], multiline: Bool = false) -> Expression {
        .call(.member(nil, name), args, multiline: multiline)
    }
    /// `.name`: an implicit member.
    public static func dotMember(_ name: String) -> Expression { .member(nil, name) }
}
