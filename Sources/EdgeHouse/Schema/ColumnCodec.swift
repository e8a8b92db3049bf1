/// One codec of a column's `CODEC(…)` clause, as ClickHouse 26.9 declares and prints it.
///
/// EdgeHouse stores every column with the encoding it chooses by type (delta for DateTime,
/// decimal or shuffled floats, …; `docs/format/part.md`), then the **general-purpose**
/// compression the clause names — `NONE`, `LZ4` (also for `LZ4HC`) or `ZSTD(level)`. The
/// specialized codecs (`Delta`, `DoubleDelta`, `Gorilla`, `T64`, `FPC`) are checked as ClickHouse
/// checks them and shown by `SHOW CREATE TABLE` and `system.columns`, and leave the encoding to
/// the type; a clause with no general-purpose codec keeps the type's default compression.
public enum ColumnCodec: Hashable, Sendable, Codable, CustomStringConvertible {
    case none
    case lz4
    case lz4hc(level: Int)
    case zstd(level: Int)
    case delta(bytes: Int)
    case doubleDelta
    case gorilla(bytes: Int)
    case t64
    case fpc(level: Int)

    public var description: String {
        switch self {
        case .none: "NONE"
        case .lz4: "LZ4"
        case .lz4hc(let level): "LZ4HC(\(level))"
        case .zstd(let level): "ZSTD(\(level))"
        case .delta(let bytes): "Delta(\(bytes))"
        case .doubleDelta: "DoubleDelta"
        case .gorilla(let bytes): "Gorilla(\(bytes))"
        case .t64: "T64"
        case .fpc(let level): "FPC(\(level))"
        }
    }

    /// Whether this is a general-purpose compression (the last step of a chain).
    var isGeneral: Bool {
        switch self {
        case .none, .lz4, .lz4hc, .zstd: true
        case .delta, .doubleDelta, .gorilla, .t64, .fpc: false
        }
    }

    /// The block compression a clause stands for: its general-purpose codec, or `nil` (the
    /// type's default) when it names none.
    static func compression(of codecs: [ColumnCodec]) -> BlockCompression? {
        switch codecs.last {
        case ColumnCodec.none?: BlockCompression.none
        case .lz4?, .lz4hc?: .lz4
        case .zstd(let level)?: .zstd(level: Int32(level))
        default: nil
        }
    }

    /// `CODEC(a, b)` as ClickHouse prints it.
    static func clause(_ codecs: [ColumnCodec]) -> String { "CODEC(" + list(codecs) + ")" }

    /// `ZSTD(1), Delta(4)`: the codecs as `DESCRIBE` lists them.
    static func list(_ codecs: [ColumnCodec]) -> String { codecs.map(\.description).joined(separator: ", ") }

    /// A codec named in SQL (`family` with its arguments) for a column of `type`, with the
    /// defaults ClickHouse fills in (`ZSTD` is `ZSTD(1)`, `Delta` the type's width); ClickHouse's
    /// errors for unknown families and bad arguments.
    static func named(_ family: String, arguments: [Int], for type: ColumnType) throws(CodecDeclarationError) -> ColumnCodec {
        func noArguments() throws(CodecDeclarationError) {
            guard arguments.isEmpty else { throw .init(.dataTypeCannotHaveArguments, "Compression codec \(family) cannot have arguments") }
        }
        func atMostOne() throws(CodecDeclarationError) {
            guard arguments.count <= 1 else { throw .init(.illegalCodecParameter, "\(family) codec must have 1 parameter, given \(arguments.count)") }
        }
        let width = type.fixedWidth
        switch family {
        case "NONE": try noArguments(); return .none
        case "LZ4": try noArguments(); return .lz4
        case "LZ4HC": try atMostOne(); return .lz4hc(level: arguments.first ?? 0)
        case "ZSTD":
            try atMostOne()
            let level = arguments.first ?? 1
            guard level <= 22 else { throw .init(.illegalCodecParameter, "ZSTD codec can't have level more than 22, given \(level)") }
            return .zstd(level: level)
        case "Delta":
            try atMostOne()
            guard let width, [1, 2, 4, 8].contains(width) else {
                throw type.fixedWidth == nil
                    ? .init(.badArguments, "Codec Delta is not applicable for \(type) because the data type is not of fixed size")
                    : .init(.badArguments, "Codec Delta is only applicable for data types of size 1, 2, 4, 8 bytes. Given type \(type)")
            }
            return .delta(bytes: arguments.first ?? width)
        case "DoubleDelta": try noArguments(); return .doubleDelta
        case "Gorilla":
            try atMostOne()
            guard let width, [1, 2, 4, 8].contains(width) else {
                throw .init(.badArguments, "Codec Gorilla is only applicable for data types of size 1, 2, 4, 8 bytes. Given type \(type)")
            }
            return .gorilla(bytes: arguments.first ?? width)
        case "T64":
            try noArguments()
            guard type.fixedWidth != nil, ![ColumnType.float32, .float64, .uuid].contains(type) else {
                throw .init(.illegalSyntaxForCodecType, "T64 codec is not supported for specified type \(type)")
            }
            return .t64
        case "FPC": try atMostOne(); return .fpc(level: arguments.first ?? 12)
        default: throw .init(.unknownCodec, "Unknown codec family: \(family)")
        }
    }

    /// ClickHouse's checks of a whole chain for a column of `type` (without
    /// `allow_suspicious_codecs`).
    static func validate(_ codecs: [ColumnCodec], for type: ColumnType) throws(CodecDeclarationError) {
        let list = codecs.map(\.description).joined(separator: ", ")
        let note = " (Note: you can enable setting 'allow_suspicious_codecs' to skip this check)"
        let floatCodec = codecs.contains { if case .gorilla = $0 { true } else if case .fpc = $0 { true } else { false } }
        if floatCodec && type != .float32 && type != .float64 {
            throw .init(.badArguments, "The combination of compression codecs \(list) is meaningless, because it does not make sense to apply a floating-point time series codec to non-floating-point columns.\(note)")
        }
        if codecs.count > 1 && codecs.contains(.none) {
            throw .init(.badArguments, "It does not make sense to have codec NONE along with other compression codecs: \(list).\(note)")
        }
        if let general = codecs.firstIndex(where: \.isGeneral), general < codecs.count - 1 {
            throw .init(.badArguments, "The combination of compression codecs \(list) is meaningless, because it does not make sense to apply any transformations after generic compression algorithm.\(note)")
        }
        if codecs.count == 1, case .delta = codecs[0] {
            throw .init(.badArguments, "Compression codec \(list) does not compress anything. You may want to add generic compression algorithm after other transformations, like: \(list), LZ4.\(note)")
        }
    }
}

/// A `CODEC(…)` clause ClickHouse refuses: its error code, name and message.
public struct CodecDeclarationError: Error, Sendable {
    public var code: ClickHouseErrorCode
    public var message: String

    init(_ code: ClickHouseErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}
