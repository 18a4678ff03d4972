import Foundation
import Testing
@testable import App

extension AppTests {
    /// What shows where to type and where the focus is must stand out from what is around it: 3:1 at least
    /// (WCAG 1.4.11), on the page, on the tinted panels and in the dark header.
    @Suite struct StylesheetTests {
        let css = try! String(contentsOf: packageRoot.appendingPathComponent("Public/css/tandem.css"), encoding: .utf8)

        /// A colour the stylesheet names, `--name: #rrggbb;`.
        func colour(_ name: String) throws -> (Double, Double, Double) {
            let line = try #require(css.components(separatedBy: "\n").first { $0.contains("--\(name):") })
            let hex = try #require(line.split(separator: "#").last?.prefix(6))
            let value = try #require(Int(hex, radix: 16))
            return (Double(value >> 16 & 0xFF), Double(value >> 8 & 0xFF), Double(value & 0xFF))
        }

        static func contrast(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
            func luminance(_ c: (Double, Double, Double)) -> Double {
                func channel(_ v: Double) -> Double { let s = v / 255; return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
                return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
            }
            let (x, y) = (luminance(a), luminance(b))
            return (max(x, y) + 0.05) / (min(x, y) + 0.05)
        }

        @Test func fieldBordersAndTheFocusRingStandOutWhereverTheyAre() throws {
            let backgrounds = [try colour("paper"), try colour("tint")]
            for background in backgrounds {
                #expect(Self.contrast(try colour("field-border"), background) >= 3)
            }
            // The ring is two colours, the ink and the yellow halo: one of them stands out on each background.
            #expect(css.contains(":focus-visible { outline: 3px solid var(--ink);") && css.contains("box-shadow: 0 0 0 8px var(--focus)"))
            for background in backgrounds + [try colour("brand-dark"), try colour("brand")] {
                #expect(max(Self.contrast(try colour("ink"), background), Self.contrast(try colour("focus"), background)) >= 3)
            }
            // No field keeps the old, pale border.
            #expect(!css.contains("#9aa5b1"))
        }
    }
}
