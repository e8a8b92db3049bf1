import EdgeHouse
import NIOHTTP1

extension ServerException {
    /// The status ClickHouse 26.x answers an error with (`exceptionCodeToHTTPStatus`).
    var httpStatus: HTTPResponseStatus {
        switch code {
        case 194: .unauthorized
        case 192, 193, 516, 497: .forbidden
        case 27, 32, 33, 41, 53, 62, 26, 72, 117, 376, 38, 6, 16, 15, 43, 386, 215, 131, 128, 457, 456: .badRequest
        case 60, 46, 47, 81, 115, 73, 50, 56: .notFound
        case 48: .notImplemented
        case 159: .requestTimeout
        case 164: .internalServerError
        default: .internalServerError
        }
    }

    /// The body of an error response, as 26.9 writes it.
    var httpBody: String { "\(description) (version \(ClickHouseRelease.version) (official build))\n" }
}

