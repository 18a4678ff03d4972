/// A QR code (ISO/IEC 18004) for a short text such as an `otpauth://` address, so an authenticator app can
/// scan it from the account page without any image library or outside service. Byte mode, error
/// correction level M, versions 1 to 10 (up to 213 bytes).
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let mask: Int
    /// `modules[y][x]`, true for dark. The quiet zone around it is not included.
    public let modules: [[Bool]]

    public var size: Int { modules.count }

    public struct TooLong: Error, Equatable {
        public let bytes: Int
    }

    /// Level M: (error-correction codewords per block, [data codewords of each block]) for versions 1–10.
    static let blocks: [(ecc: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]),
        (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]),
        (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]

    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    public init(_ text: String) throws(TooLong) {
        let bytes = Array(text.utf8)
        // Mode (4 bits) + count (8 bits, 16 from version 10) + the data, in the smallest version that holds it.
        guard let version = (1...10).first(where: { v in
            (4 + (v < 10 ? 8 : 16) + 8 * bytes.count + 7) / 8 <= Self.blocks[v - 1].data.reduce(0, +)
        }) else { throw TooLong(bytes: bytes.count) }
        var symbol = Symbol(version: version)
        symbol.drawFunctionPatterns()
        symbol.drawCodewords(Self.codewords(bytes, version: version))
        // Every mask gives a valid symbol; the one with the lowest penalty is the easiest to scan.
        let candidates = (0..<8).map { mask -> Symbol in
            var masked = symbol
            masked.apply(mask: mask)
            masked.drawFormatBits(mask: mask)
            return masked
        }
        let best = candidates.indices.min { candidates[$0].penalty < candidates[$1].penalty }!
        self.version = version
        self.mask = best
        self.modules = candidates[best].modules
    }

    /// Data codewords with padding, split into blocks, each followed by its Reed–Solomon codewords, interleaved.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version - 1]
        let capacity = layout.data.reduce(0, +)
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        bytes.forEach { append(Int($0), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var data = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        for pad in [UInt8(0xEC), 0x11].cycled(data.count..<capacity) { data.append(pad) }

        var offset = 0
        let divisor = ReedSolomon.divisor(degree: layout.ecc)
        let split = layout.data.map { count -> [UInt8] in
            defer { offset += count }
            return Array(data[offset..<offset + count])
        }
        let ecc = split.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for i in 0..<(layout.data.max() ?? 0) { split.forEach { if i < $0.count { result.append($0[i]) } } }
        for i in 0..<layout.ecc { ecc.forEach { result.append($0[i]) } }
        return result
    }

    /// The symbol as SVG with a four-module quiet zone: one path, scalable, and crisp at any size.
    public func svg(title: String) -> String {
        let side = size + 8
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * 5)" height="\(side * 5)" \
            role="img" aria-labelledby="qr-title" shape-rendering="crispEdges"><title id="qr-title">\(escaped)</title>\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}

/// The grid being drawn, with the modules that belong to function patterns marked so data skips them.
private struct Symbol {
    let version: Int
    let size: Int
    var modules: [[Bool]]
    var isFunction: [[Bool]]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
    }

    mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        isFunction[y][x] = true
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let distance = max(abs(dx), abs(dy))
                    set(x + dx, y + dy, distance != 2 && distance != 4)
                }
            }
        }
        let centres = QRCode.alignment[version - 1]
        for (i, x) in centres.enumerated() {
            for (j, y) in centres.enumerated() {
                let last = centres.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormatBits(mask: 0)  // reserves the format areas; the real bits come once the mask is chosen
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                set(size - 11 + i % 3, i / 3, dark)
                set(i / 3, size - 11 + i % 3, dark)
            }
        }
    }

    /// Level M (00) and the mask, protected by a BCH code, in both copies; plus the one always-dark module.
    mutating func drawFormatBits(mask: Int) {
        let data = 0b00 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    /// Two columns at a time from the right, up then down, skipping the vertical timing column.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y][x] && index < codewords.count * 8 {
                        modules[y][x] = (codewords[index >> 3] >> (7 - index & 7)) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] {
                let flip = switch mask {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { modules[y][x].toggle() }
            }
        }
    }

    /// Rules 1, 2 and 4 of the standard's penalty: long runs, 2×2 blocks, and an uneven share of dark modules.
    var penalty: Int {
        var score = 0
        for line in modules + (0..<size).map { x in modules.map { $0[x] } } {
            var run = 1
            for i in 1...line.count {
                if i < line.count && line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = modules[y][x]
                if modules[y][x + 1] == colour && modules[y + 1][x] == colour && modules[y + 1][x + 1] == colour { score += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        score += (abs(dark * 20 - total * 10) + total - 1) / total * 10
        return score
    }
}

/// Reed–Solomon error correction over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }

    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z)
    }
}

private extension Array {
    /// This array's elements repeated to fill `range.count` places.
    func cycled(_ range: Range<Int>) -> [Element] {
        range.indices.map { self[($0 - range.lowerBound) % count] }
    }
}
