import CXXHash

/// A raw file's identity: the 128-bit XXH3 hash of its (uncompressed) bytes, computed while the
/// bytes are read for the line checks. XXH3 hashes at memory speed, so naming every file by its
/// content costs next to nothing beside DuckDB's parse; it guards against accidents (copies,
/// renames, rewrites), not against someone forging collisions in the landing folder.
final class ContentHasher {
    private let state: OpaquePointer

    init() {
        state = XXH3_createState()
        XXH3_128bits_reset(state)
    }

    /// The hash of no bytes: an empty file, which is no copy of another however many there are.
    static let empty = ContentHasher().digest()

    deinit { XXH3_freeState(state) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        XXH3_128bits_update(state, base, bytes.count)
    }

    /// 32 lower-case hex digits.
    func digest() -> String {
        let hash = XXH3_128bits_digest(state)
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(hash.high64) + hex(hash.low64)
    }
}
