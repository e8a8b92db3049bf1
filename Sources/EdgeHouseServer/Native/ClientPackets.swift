import EdgeHouse
/// Packets a client sends over the native protocol, read field by field at the negotiated
/// revision (`../shared/reference/clickhouse-protocols.md` §2–3). EdgeHouse announces revision
/// 54412, so both `clickhouse-client` 18.16 (54412) and `clickhouse-driver` 0.2.6 (54459) talk
/// to it at 54412; fields of older revisions are honoured, newer ones never negotiated.
enum ClientPacket: UInt64 {
    case hello = 0
    case query = 1
    case data = 2
    case cancel = 3
    case ping = 4
    case tablesStatusRequest = 5
}

/// Revisions at which fields appear (ClickHouse's `ProtocolDefines.h`).
enum Revision {
    /// What EdgeHouse announces: every field both reference clients need, nothing newer.
    static let server: UInt64 = 54412
    static let clientInfo: UInt64 = 54032
    static let serverTimezone: UInt64 = 54058
    static let quotaKeyInClientInfo: UInt64 = 54060
    static let serverDisplayName: UInt64 = 54372
    static let versionPatch: UInt64 = 54401
}

struct ClientHello {
    var clientName: String
    var revision: UInt64
    var database: String
    var user: String
    var password: String

    /// The fields after the packet type.
    static func read(from source: ByteSource, limits: WireLimits) async throws(WireError) -> ClientHello {
        let name = try await source.readString(limit: limits.stringBytes)
        _ = try await source.readVarUInt()  // major
        _ = try await source.readVarUInt()  // minor
        let revision = try await source.readVarUInt()
        let database = try await source.readString(limit: limits.stringBytes)
        let user = try await source.readString(limit: limits.stringBytes)
        let password = try await source.readString(limit: limits.stringBytes)
        return ClientHello(clientName: name, revision: revision, database: database, user: user, password: password)
    }
}

struct QueryPacket {
    var queryID: String
    /// Settings as text, in the order sent.
    var settings: [(name: String, value: String)]
    var compression: Bool
    var text: String

    /// The fields after the packet type, at `revision`. A setting EdgeHouse does not know
    /// cannot be skipped below revision 54429 (its value's encoding depends on its type), so it
    /// ends the connection with code 115.
    static func read(from source: ByteSource, revision: UInt64, limits: WireLimits) async throws(ServerException) -> QueryPacket {
        do {
            let queryID = try await source.readString(limit: limits.stringBytes)
            if revision >= Revision.clientInfo { try await skipClientInfo(source, revision: revision, limits: limits) }
            var settings = [(name: String, value: String)]()
            while true {
                let name = try await source.readString(limit: limits.stringBytes)
                if name.isEmpty { break }
                guard let definition = Settings.definition(name) else { throw ServerException(SQLError.unknownSetting(name)) }
                let value = definition.isSentAsNumber
                    ? String(try await source.readVarUInt()) : try await source.readString(limit: limits.stringBytes)
                settings.append((name, value))
            }
            _ = try await source.readVarUInt()  // stage: EdgeHouse always completes the query
            let compression = try await source.readVarUInt()
            let textLength = try await source.readVarUInt()
            guard textLength <= UInt64(limits.queryBytes) else { throw ServerException.queryTooLarge(limit: limits.queryBytes) }
            let text = String(decoding: try await source.readBytes(Int(textLength)), as: UTF8.self)
            return QueryPacket(queryID: queryID, settings: settings, compression: compression != 0, text: text)
        } catch let error as ServerException {
            throw error
        } catch let error as WireError {
            throw error.exception
        } catch {
            throw ServerException(error)
        }
    }

    private static func skipClientInfo(_ source: ByteSource, revision: UInt64, limits: WireLimits) async throws(WireError) {
        let kind = try await source.readUInt8()
        guard kind != 0 else { return }  // "no query": nothing follows
        for _ in 0..<3 { _ = try await source.readString(limit: limits.stringBytes) }  // initial user, query id, address
        let interface = try await source.readUInt8()
        switch interface {
        case 1:  // TCP: OS user, host name, client name, version major, minor, revision
            for _ in 0..<3 { _ = try await source.readString(limit: limits.stringBytes) }
            for _ in 0..<3 { _ = try await source.readVarUInt() }
        case 2:  // HTTP: method, user agent
            _ = try await source.readUInt8()
            _ = try await source.readString(limit: limits.stringBytes)
        default:
            throw .malformed("Unknown client interface \(interface)")
        }
        if revision >= Revision.quotaKeyInClientInfo { _ = try await source.readString(limit: limits.stringBytes) }
        if interface == 1, revision >= Revision.versionPatch { _ = try await source.readVarUInt() }
    }
}
