import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import Synchronization

/// A tenant's view of time: the base clock plus an offset, optionally frozen.
struct TenantClock: Sendable {
    var offset: Double = 0
    var frozenAt: Double?
}

/// An issued tenant access token.
struct IssuedToken: Sendable {
    var appID: String
    var expiresAt: Double
}

/// A stored resource item.
struct StoredItem: Sendable {
    var key: String
    var object: [String: JSONValue]
    /// `object` as `MockJSON` writes it, encoded when the item is created or updated, so a list
    /// page concatenates bytes instead of re-encoding every item.
    var json: [UInt8]
    var createdAt: Double
    var seq: Int
    /// The key of the item this one is nested under (a badge grant's badge), if any.
    var parent: String? = nil
    /// The file uploaded with the item, answered by its downloads.
    var file: StoredFile? = nil
}

/// Bytes stored with an item and the media type they are answered with.
struct StoredFile: Sendable {
    var data: Data
    var contentType: String
}

/// A tenant's items of one resource, in creation order (sequence numbers ascending).
struct ItemList: Sendable {
    private(set) var items: [StoredItem] = []
    /// True while creation times never went back along `items` (a tenant clock moved back between
    /// creates clears it): a list ordered by creation time is then `items`' own order.
    private(set) var inCreationTimeOrder = true
    /// key -> sequence number, to find an item by key (a binary search over `items`).
    private var sequenceByKey: [String: Int] = [:]

    mutating func append(_ item: StoredItem) {
        if let last = items.last, item.createdAt < last.createdAt { inCreationTimeOrder = false }
        items.append(item)
        sequenceByKey[item.key] = item.seq
    }

    /// The position in `items` of the item stored under `key`.
    func position(of key: String) -> Int? {
        guard let seq = sequenceByKey[key] else { return nil }
        var low = 0
        var high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid].seq < seq { low = mid + 1 } else { high = mid }
        }
        return low < items.count && items[low].seq == seq ? low : nil
    }

    /// Removes the item at `position` (its key then names nothing).
    @discardableResult
    mutating func remove(at position: Int) -> StoredItem {
        let item = items.remove(at: position)
        sequenceByKey[item.key] = nil
        return item
    }

    /// Replaces the stored object of the item at `position`.
    mutating func update(at position: Int, object: [String: JSONValue]) {
        items[position].object = object
        items[position].json = JSONWriter.bytes(.object(object))
    }
}

/// Everything the mock remembers, behind the mock-wide lock: apps, tokens, clocks, rate windows,
/// the key index, and a store per tenant whose resources sit behind the tenant's own lock.
struct MockState: Sendable {
    var apps: [String: MockApp] = [:]
    var configuredAppIDs: Set<String> = []
    var tokens: [String: IssuedToken] = [:]
    var latestToken: [String: String] = [:]
    var clocks: [String: TenantClock] = [:]
    var globalOffset: Double = 0
    /// tenant -> its stored resources, each tenant behind its own lock.
    var tenants: [String: TenantStore] = [:]
    /// resource -> key -> (tenant, createdAt), for the resources some endpoint `references`.
    var keyIndex: [String: [String: (tenant: String, createdAt: Double)]] = [:]

    init(configuration: MockConfiguration) {
        for app in configuration.apps {
            apps[app.appID] = app
            configuredAppIDs.insert(app.appID)
        }
    }

    /// The time as `tenant` sees it.
    func now(tenant: String?, base: Double) -> Double {
        clockView(tenant: tenant).now(base: base)
    }

    /// How `tenant`'s clock relates to the base clock, as of now.
    func clockView(tenant: String?) -> TenantClockView {
        TenantClockView(offset: globalOffset + (tenant.flatMap { clocks[$0]?.offset } ?? 0), frozenAt: tenant.flatMap { clocks[$0]?.frozenAt })
    }

    /// `tenant`'s store, made on first use.
    mutating func store(tenant: String) -> TenantStore {
        if let existing = tenants[tenant] { return existing }
        let made = TenantStore()
        tenants[tenant] = made
        return made
    }
}

/// A tenant's clock as an offset from the base clock (or frozen), read under the state lock and
/// applied later.
struct TenantClockView: Sendable {
    var offset: Double
    var frozenAt: Double?

    func now(base: Double) -> Double { frozenAt ?? base + offset }
}

/// One tenant's stored resources and unique-value indexes, behind the tenant's own lock.
final class TenantStore: Sendable {
    struct Resources: Sendable {
        /// resource -> items in creation order.
        var lists: [String: ItemList] = [:]
        /// "resource|field" -> values taken, for `unique` in constant time.
        var uniqueIndex: [String: Set<JSONValue>] = [:]
        /// app -> "endpoint|rule index" -> the requests counted in that rate limit's sliding window
        /// (limits are per app and tenant: the tenant is this store's).
        var rate: [String: [String: SlidingWindowLog]] = [:]
    }

    let resources = StateLock(Resources())
}

/// The platform identity behind a request's token.
struct Identity: Sendable {
    var app: MockApp
    var tokenType: TokenType
    /// The tenant's time when the token was checked (read under the same lock), reused for the
    /// request's journal entry so it need not take the state lock again.
    var now: Double
    /// The tenant's store and clock, found under the same lock.
    var store: TenantStore
    var clock: TenantClockView
}

/// What the state stage produced: data for the reply (with pre-encoded parts to write in place
/// of the placeholders at their paths), or a refusal.
enum StateOutcome {
    case data(JSONValue, splices: MockJSON.Splices)
    /// A download: the stored bytes.
    case file(StoredFile)
    case refused(RequestViolation)
}

/// JSON helpers for building replies.
enum JSONPath {
    /// Sets `value` at the dotted `path` of `object`, creating objects on the way. In place: no
    /// copy of `object` or of the objects on the path.
    static func set(_ value: JSONValue, at path: String, in object: inout [String: JSONValue]) {
        if !path.utf8.contains(0x2E) {  // one key: no split into an array of strings
            object[path] = value
            return
        }
        set(value, path.split(separator: ".").map(String.init)[...], in: &object)
    }

    private static func set(_ value: JSONValue, _ parts: ArraySlice<String>, in object: inout [String: JSONValue]) {
        guard let head = parts.first else { return }
        if parts.count == 1 {
            object[head] = value
            return
        }
        // Taken out while it changes, so it is not shared with `object` (no copy on write).
        var inner = object.removeValue(forKey: head)?.objectValue ?? [:]
        set(value, parts.dropFirst(), in: &inner)
        object[head] = .object(inner)
    }
}

/// Opaque page tokens: base64url of `c:<seq>` (the last item's sequence number).
enum PageToken {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Unpadded base64url, written directly (the same text as Foundation's base64 with `+/` mapped
    /// to `-_` and `=` dropped, without three string replacements per list page).
    static func encode(seq: Int) -> String {
        let bytes = Array("c:\(seq)".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let chunk = b0 << 16 | b1 << 8 | b2
            let available = min(3, bytes.count - i)
            out.append(alphabet[Int(chunk >> 18 & 0x3F)])
            out.append(alphabet[Int(chunk >> 12 & 0x3F)])
            if available > 1 { out.append(alphabet[Int(chunk >> 6 & 0x3F)]) }
            if available > 2 { out.append(alphabet[Int(chunk & 0x3F)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ token: String) -> Int? {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8), text.hasPrefix("c:"),
            let seq = Int(text.dropFirst(2)), seq >= 0
        else { return nil }
        return seq
    }
}

/// Random identifiers.
///
/// Credentials (tokens, app secrets) come from the system generator; keys and log ids, made on
/// every create and every request, from `FastRandom` (a `getrandom` call each was about a tenth of
/// a badge create's CPU).
enum MockIDs {
    static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    static let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `count` random lower-case letters and digits from the system generator.
    static func random(_ count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return random(count, using: &rng)
    }

    /// `count` random lower-case letters and digits.
    ///
    /// One 64-bit draw gives 10 characters: 36^10 < 2^64, taken as base-36 digits (bias below
    /// 2^-12 per draw), instead of a draw per character.
    static func random<G: RandomNumberGenerator>(_ count: Int, using rng: inout G) -> String {
        let radix = UInt64(alphabet.count)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var bits: UInt64 = 0
            for i in 0..<count {
                if i % 10 == 0 { bits = rng.next() }
                buffer[i] = alphabet[Int(bits % radix)]
                bits /= radix
            }
            return count
        }
    }

    /// `count` random upper-case hex digits (log ids).
    static func upperHex(_ count: Int) -> String {
        var rng = FastRandom()
        return String(unsafeUninitializedCapacity: count) { buffer in
            var bits: UInt64 = 0
            for i in 0..<count {
                if i % 16 == 0 { bits = rng.next() }
                buffer[i] = upperHexDigits[Int(bits & 0xF)]
                bits >>= 4
            }
            return count
        }
    }

    /// A key in `style` whose length lies in `length`: the style's own key when it fits, else the
    /// style's prefix (when it leaves room) and random characters up to the nearest length allowed.
    static func key(style: String, length: ClosedRange<Int>?) -> String {
        let natural = key(style: style)
        guard let length, !length.contains(natural.count) else { return natural }
        let target = min(max(natural.count, length.lowerBound), length.upperBound)
        let prefix = style == "uuid" || style.count >= target ? "" : style
        var rng = FastRandom()
        return prefix + random(target - prefix.count, using: &rng)
    }

    /// A key in a spec's `keyStyle`: `uuid` (a lower-case version 4 UUID), or a prefix followed by
    /// 24 random characters.
    static func key(style: String) -> String {
        var rng = FastRandom()
        guard style == "uuid" else { return style + random(24, using: &rng) }
        // 128 random bits with the version (4) and variant (10) bits set, as `UUID()` makes them.
        let high = rng.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = rng.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var at = 0
            for digit in 0..<32 {
                let word = digit < 16 ? high : low
                buffer[at] = lowerHexDigits[Int(word >> UInt64(60 - 4 * (digit % 16)) & 0xF)]
                at += 1
                if digit == 7 || digit == 11 || digit == 15 || digit == 19 {  // 8-4-4-4-12
                    buffer[at] = UInt8(ascii: "-")
                    at += 1
                }
            }
            return at
        }
    }
}

/// SplitMix64 over a process-wide atomic counter, seeded once from the system generator: fast,
/// lock-free and never repeating within 2^64 draws (the mixing function is a bijection). For
/// identifiers that must be unique and look random, not for secrets.
struct FastRandom: RandomNumberGenerator {
    private static let seed: UInt64 = {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    mutating func next() -> UInt64 {
        let n = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        var z = Self.seed &+ n &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The mock's replies: `JSONWriter`'s bytes (those of `JSONValue.jsonData()`), plus pre-encoded
/// parts spliced in at key paths (stored items are encoded once, at create time).
enum MockJSON {
    /// Pre-encoded JSON written in place of whatever value sits at a path of object keys.
    typealias Splices = [[String]: [UInt8]]

    /// `value`'s bytes with the `splices` written at their paths (each path must lead to a value,
    /// through objects only; the value there is a placeholder and is not written).
    static func data(_ value: JSONValue, splices: Splices) -> Data {
        guard !splices.isEmpty else { return Data(JSONWriter.bytes(value)) }
        var out: [UInt8] = []
        out.reserveCapacity(splices.values.reduce(1024) { $0 + $1.count })
        var path: [String] = []
        write(value, into: &out, splices: splices, path: &path)
        return Data(out)
    }

    /// Writes the success envelope `{"code":0,"data":…,"msg":…}` under the platform's member names,
    /// in `JSONWriter`'s sorted order (the bytes `data(.object([code: …, data: data, msg: …]), splices: …)`
    /// gives, without building that object), with `splices` relative to `data`. The names' bytes
    /// and their order are worked out once, when the mock starts.
    struct EnvelopeWriter: Sendable {
        private enum Member { case code, data, message }
        private let members: [(key: [UInt8], member: Member)]

        init(names: EnvelopeMembers) {
            let sorted = [(names.code, Member.code), (names.data, .data), (names.message, .message)].sorted { $0.0 < $1.0 }
            members = sorted.map { name, member in
                var key: [UInt8] = []
                JSONWriter.writeString(name, into: &key)
                key.append(0x3A)
                return (key, member)
            }
        }

        func envelope(code: Int, data: JSONValue, msg: String, splices: Splices) -> Data {
            var out: [UInt8] = []
            out.reserveCapacity(splices.values.reduce(256) { $0 + $1.count })
            out.append(0x7B)
            for (index, entry) in members.enumerated() {
                if index > 0 { out.append(0x2C) }
                out.append(contentsOf: entry.key)
                switch entry.member {
                case .code: JSONWriter.writeInt(code, into: &out)
                case .message: JSONWriter.writeString(msg, into: &out)
                case .data:
                    var path: [String] = []
                    if splices.isEmpty { JSONWriter.write(data, into: &out) } else { MockJSON.write(data, into: &out, splices: splices, path: &path) }
                }
            }
            out.append(0x7D)
            return Data(out)
        }
    }

    fileprivate static func write(_ value: JSONValue, into out: inout [UInt8], splices: Splices, path: inout [String]) {
        guard case .object(let members) = value else { return JSONWriter.write(value, into: &out) }
        JSONWriter.writeMembers(members, into: &out) { key, value, out in
            path.append(key)
            // Replies carry one or two splices: compared in turn, not hashed per member.
            if let raw = splices.first(where: { $0.key == path })?.value {
                out.append(contentsOf: raw)
            } else if splices.keys.contains(where: { $0.starts(with: path) }) {
                write(value, into: &out, splices: splices, path: &path)
            } else {
                JSONWriter.write(value, into: &out)
            }
            path.removeLast()
        }
    }
}
