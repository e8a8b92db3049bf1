/// What a query runs in besides the data: the session's database and settings, the databases
/// that exist, the time `now()` answers, the user, and `{name:Type}` parameter values.
struct QueryContext {
    var database: String
    var databases: [String]
    var now: UInt32
    var parameters: [String: String] = [:]
    var settings = Settings()
    var user = "default"
}
