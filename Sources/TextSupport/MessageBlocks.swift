/// The Merkle–Damgård framing SHA-1 and SHA-256 share (FIPS 180-4 §5): the message padded to
/// whole 64-byte blocks with its bit length at the end, and each block read as sixteen big-endian
/// words.
enum MessageBlocks {
    static func padded(_ input: [UInt8]) -> [UInt8] {
        var message = input
        let bitLength = UInt64(input.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for index in (0..<8).reversed() { message.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))) }
        return message
    }

    /// Block `chunk` (its first byte's offset) as sixteen words.
    static func words(_ message: [UInt8], chunk: Int) -> [UInt32] {
        (0..<16).map { index in
            let offset = chunk + index * 4
            return UInt32(message[offset]) << 24 | UInt32(message[offset + 1]) << 16 | UInt32(message[offset + 2]) << 8 | UInt32(message[offset + 3])
        }
    }

    /// The state words as the digest's bytes, big-endian.
    static func bytes(_ state: [UInt32]) -> [UInt8] {
        state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
    }
}
