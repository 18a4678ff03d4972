import Foundation
import TandemCore
import Vapor

/// Every user-visible string, by key, in each of Tandem's languages (`Resources/Locales/*.json`).
struct Localizer: Sendable {
    let tables: [Language: [String: String]]
    /// Each table as the templates read it (`t.key`), made once: turning a thousand strings into template data
    /// for every page would cost more than the rest of the page.
    let pageTables: [Language: PageTable]

    init(tables: [Language: [String: String]]) {
        self.tables = tables
        pageTables = Dictionary(uniqueKeysWithValues: tables.map { ($0.key, PageTable($0.value, language: $0.key)) })
    }

    /// Reads `en.json`, `fr.json` and `es.json` from `directory`; a missing or malformed file stops start-up.
    init(directory: String) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = directory + language.rawValue + ".json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Abort(.internalServerError, reason: "missing locale file \(path)")
            }
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.init(tables: tables)
    }

    func table(_ language: Language) -> [String: String] {
        tables[language] ?? [:]
    }

    /// The text for `key`, falling back to English so a page never shows a bare key.
    func text(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.en]?[key] ?? key
    }

    /// The text for `key` about `count` things, with `{count}` written in the language's way: `key_one` for one
    /// where the files have it ("1 visit"), `key` otherwise ("3 visits").
    func text(_ key: String, _ language: Language, count: Int, _ values: [String: String] = [:]) -> String {
        let chosen = count == 1 && tables[.en]?[key + "_one"] != nil ? key + "_one" : key
        return text(chosen, language, values.merging(["count": language.format(count)]) { $1 })
    }

    /// Replaces `{name}` placeholders in the text for `key`, in one pass: a value that itself contains braces
    /// is left as it is, and a placeholder without a value stays visible.
    func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        var rest = text(key, language)[...]
        var result = ""
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            result += values[String(rest[rest.index(after: open)..<close])] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private static let groupKeys = Dictionary(uniqueKeysWithValues: RegionalGroup.allCases.map {
        ($0, "group_" + $0.slug.replacingOccurrences(of: "-", with: "_"))
    })

    /// A UN M49 region or subregion, given by its English name, in `language`.
    func regionName(_ english: String, _ language: Language) -> String {
        let key = "m49_" + english.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
        return tables[language]?[key] ?? english
    }

    func groupName(_ group: RegionalGroup, _ language: Language) -> String {
        text(Self.groupKeys[group] ?? "", language)
    }
}

extension Language {
    /// British English for dates and numbers, as the organisation writes them.
    var locale: Locale { Locale(identifier: self == .en ? "en_GB" : rawValue) }

    /// A whole number written the way readers of this language expect (1,234 / 1 234 / 1.234).
    func format(_ number: Int) -> String {
        number.formatted(.number.locale(locale))
    }

    /// An amount with its currency, as readers of this language write it: €1,234.50 / 1 234,50 € / 1234,50 €.
    func format(_ money: Money) -> String {
        (Decimal(money.cents) / 100).formatted(.currency(code: Money.currency).locale(locale))
    }

    /// An amount without its currency, for a form's field: 1,234.50 / 1 234,50 / 1234,50 (`Money.parse` reads each back).
    func formatAmount(_ money: Money) -> String {
        (Decimal(money.cents) / 100).formatted(.number.precision(.fractionLength(2)).locale(locale))
    }

    func formatPercent(_ number: Int) -> String {
        switch self {
        case .en: "\(number)%"
        case .fr, .es: "\(number)\u{202F}%"
        }
    }

    /// A day such as 5 September 2016 / 1er septembre 2016 / 5 de septiembre de 2016.
    func format(_ date: CivilDate) -> String {
        let month = Self.monthNames[self]?[date.month - 1] ?? String(date.month)
        switch self {
        case .en: return "\(date.day) \(month) \(date.year)"
        case .fr: return "\(date.day == 1 ? "1er" : String(date.day)) \(month) \(date.year)"
        case .es: return "\(date.day) de \(month) de \(date.year)"
        }
    }

    /// The UTC day of a moment, written as `format(_:)` writes days.
    func formatDay(_ moment: Date) -> String {
        format(CivilDate(utc: moment))
    }

    /// A moment to the minute: 2 December 2026, 17:52 UTC / 2 décembre 2026, 17:52 UTC.
    func formatMoment(_ moment: Date) -> String {
        let minute = Int(moment.timeIntervalSince1970.rounded(.down)) / 60
        let ofDay = ((minute % 1440) + 1440) % 1440
        let clock = String(format: "%02d:%02d", ofDay / 60, ofDay % 60)
        return "\(formatDay(moment)), \(clock) UTC"
    }

    /// Month names come from the locale data once; a date formatter per call would dominate a page's cost.
    private static let monthNames: [Language: [String]] = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
        let formatter = DateFormatter()
        formatter.locale = language.locale
        return (language, formatter.monthSymbols)
    })
}

extension Application {
    private struct LocalizerKey: StorageKey {
        typealias Value = Localizer
    }

    var localizer: Localizer {
        get { storage[LocalizerKey.self] ?? Localizer(tables: [:]) }
        set { storage[LocalizerKey.self] = newValue }
    }
}
