/// JSON's two-character string escapes.
enum JSONEscapes {
    /// The byte `\` followed by `escaped` stands for (`\n` a newline, `\"` a quote, …); `nil`
    /// for `u` (four hex digits follow) and for any other byte.
    static func byte(escaped: UInt8) -> UInt8? {
        switch escaped {
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped
        default: nil
        }
    }
}
