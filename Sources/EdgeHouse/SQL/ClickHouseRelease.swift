/// The ClickHouse release whose answers EdgeHouse matches: what `SELECT version()` answers and
/// what the servers announce.
public enum ClickHouseRelease {
    public static let version = "26.9.2.1"
}
