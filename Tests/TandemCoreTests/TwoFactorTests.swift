import Testing
@testable import TandemCore

@Suite struct QRCodeTests {
    /// The worked example for "HELLO WORLD" at 1-M, whose error-correction codewords are published.
    @Test func reedSolomonMatchesTheKnownExample() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
                == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func picksTheSmallestVersionThatHoldsTheText() throws {
        #expect(try QRCode("tandem").version == 1)
        #expect(try QRCode(String(repeating: "x", count: 14)).version == 1)
        #expect(try QRCode(String(repeating: "x", count: 15)).version == 2)
        let uri = TwoFactorRules.provisioningURI(secret: String(repeating: "A", count: 32), account: "officer@opcw.example", issuer: "Tandem")
        let code = try QRCode(uri)
        #expect(code.version == 6)
        #expect(code.size == 17 + 4 * code.version)
        #expect(throws: QRCode.TooLong.self) { try QRCode(String(repeating: "x", count: 214)) }
        #expect(try QRCode(String(repeating: "x", count: 213)).version == 10)
    }

    @Test func hasFinderPatternsTimingAndTheDarkModule() throws {
        let code = try QRCode("otpauth://totp/Tandem:a@b.example?secret=JBSWY3DPEHPK3PXP")
        let n = code.size
        for (x, y) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            // 7×7: dark ring, light ring, dark 3×3 centre.
            for dy in 0..<7 {
                for dx in 0..<7 {
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    #expect(code.modules[y + dy][x + dx] == (ring != 2), "finder at \(x),\(y)")
                }
            }
        }
        for i in 8..<(n - 8) {
            #expect(code.modules[6][i] == (i % 2 == 0))
            #expect(code.modules[i][6] == (i % 2 == 0))
        }
        #expect(code.modules[n - 8][8])
    }

    @Test func formatInformationNamesLevelMAndTheChosenMask() throws {
        let code = try QRCode("https://tandem.example/account")
        // Read the first copy back (bits 0-14 around the top-left finder) and undo the fixed XOR mask.
        var bits = 0
        let positions = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        for (i, (x, y)) in positions.enumerated() where code.modules[y][x] { bits |= 1 << i }
        let format = (bits ^ 0x5412) >> 10
        #expect(format >> 3 == 0b00)  // level M
        #expect(format & 7 == code.mask)
        // The second copy says the same.
        var second = 0
        let others = (0..<8).map { (code.size - 1 - $0, 8) } + (8..<15).map { (8, code.size - 15 + $0) }
        for (i, (x, y)) in others.enumerated() where code.modules[y][x] { second |= 1 << i }
        #expect(second == bits)
    }

    @Test func svgDrawsEveryDarkModuleInsideAQuietZone() throws {
        let code = try QRCode("tandem")
        let svg = code.svg(title: "Scan <this>")
        let dark = code.modules.reduce(0) { $0 + $1.filter { $0 }.count }
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == dark)
        #expect(svg.contains("viewBox=\"0 0 29 29\""))
        #expect(svg.contains("<title id=\"qr-title\">Scan &lt;this></title>"))
        #expect(!svg.contains("M0 0"))
    }
}

@Suite struct Base32Tests {
    @Test func matchesRFC4648() {
        let vectors = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
    }
}

@Suite struct TwoFactorRulesTests {
    @Test func requiredForThoseWhoHoldEveryStatesRecords() {
        #expect(Role.allCases.filter(TwoFactorRules.isRequired) == [.admin, .secretariat])
        #expect(!TwoFactorRules.isRequired(for: nil))
    }

    @Test func readsCodesAsPeopleTypeThem() {
        #expect(TwoFactorRules.isAuthenticatorCode(" 123 456 "))
        #expect(TwoFactorRules.isAuthenticatorCode("123-456"))
        #expect(!TwoFactorRules.isAuthenticatorCode("12345"))
        #expect(!TwoFactorRules.isAuthenticatorCode("k7m2p-x9q4r"))
        #expect(TwoFactorRules.normalised("K7M2P-X9Q4R") == "k7m2px9q4r")
    }

    @Test func recoveryCodesAreTwoGroupsOfFiveWithoutLookAlikes() {
        var counter = 0
        let code = TwoFactorRules.recoveryCode { counter += 7; return counter }
        #expect(code.count == 11 && code.split(separator: "-").map(\.count) == [5, 5])
        #expect(!code.contains { "01ilo".contains($0) })
    }

    @Test func provisioningURIEscapesTheAccount() {
        #expect(TwoFactorRules.provisioningURI(secret: "JBSWY3DP", account: "josé@na.gob.es", issuer: "Tandem OPCW")
                == "otpauth://totp/Tandem%20OPCW:jos%C3%A9@na.gob.es?secret=JBSWY3DP&issuer=Tandem%20OPCW")
    }
}
