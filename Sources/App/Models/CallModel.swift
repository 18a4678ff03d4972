import Fluent
import Foundation
import TandemCore

/// A call for expressions of interest as stored. Rules, review dates and thematic areas are JSON text,
/// read and written only through `Call`, so both databases store them the same way.
final class CallModel: Model, @unchecked Sendable {
    static let schema = "calls"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; the edit form sends the version it was drawn from.
    @Field(key: "version") var version: Int
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "reference") var reference: String
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String
    @Field(key: "status") var status: String
    @Field(key: "rules") var rules: String
    @Field(key: "review_dates") var reviewDates: String
    @Field(key: "thematic_areas") var thematicAreas: String
    /// `Call.texts` as JSON: the call's words by language.
    @Field(key: "texts") var texts: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $slug, $title, $reference, $opensOn, $closesOn, $status, $rules, $reviewDates, $thematicAreas, $texts, $createdAt, $updatedAt] }

    init() {}

    init(_ call: Call) {
        version = 0
        update(from: call)
    }

    func update(from call: Call) {
        slug = call.slug
        title = call.title
        reference = call.reference
        opensOn = call.opens.description
        closesOn = call.closes.description
        status = call.status.rawValue
        rules = Self.json(call.rules)
        reviewDates = Self.json(call.reviewDates)
        thematicAreas = Self.json(call.thematicAreas)
        texts = Self.json(call.texts)
    }

    /// The call; a row that cannot be read (edited by hand, say) is a server fault, not a silent default.
    func value() throws -> Call {
        let decoder = JSONDecoder()
        guard let opens = CivilDate(iso: opensOn), let closes = CivilDate(iso: closesOn),
              let status = Call.Status(rawValue: status) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "call \(slug) has unreadable dates or status"))
        }
        return Call(slug: slug, title: title, reference: reference, opens: opens, closes: closes, status: status,
                    rules: try decoder.decode(ProgrammeRules.self, from: Data(rules.utf8)),
                    reviewDates: try decoder.decode([CivilDate].self, from: Data(reviewDates.utf8)),
                    thematicAreas: try decoder.decode([ThematicArea].self, from: Data(thematicAreas.utf8)),
                    texts: try decoder.decode([String: CallText].self, from: Data(texts.utf8)))
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
