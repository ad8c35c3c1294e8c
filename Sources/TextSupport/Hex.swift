/// Bytes as lowercase hexadecimal, two digits each: how digests are written.
enum Hex {
    static func lowercase(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
