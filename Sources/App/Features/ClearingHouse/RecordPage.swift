import Fluent
import Foundation
import TandemCore
import Vapor

/// A record's page: its fields in the reader's language (a text not translated shown in its original, labelled),
/// where it stands on its way to the public, the steps the reader may take from there, and for its owners and
/// the Secretariat every saved version with who and when.
struct RecordPage: Encodable, ShowsFieldErrors {
    struct Row: Encodable {
        let label: String
        let value: String
        let href: String?
        let note: String?
        let long: Bool
    }

    struct Step: Encodable {
        let action: String
        let label: String
        let primary: Bool
    }

    struct Version: Encodable {
        let number: Int
        let by: String
        let at: String
    }

    let heading: String
    let note: String?
    let kind: String
    let kindHref: String
    let rows: [Row]
    /// Where it stands, for those who may act on it.
    let status: String?
    let statusNote: String?
    /// "Not updated since …" on a record not confirmed for a year.
    let stale: String?
    let dates: [LabelValue]
    let editHref: String?
    let steps: [Step]
    /// The return form, for the Secretariat while the record waits.
    let returnAction: String?
    let reason: String
    let versions: [Version]
    let csrf: String
    let errors: [String: String]
    /// For an open need: the offers that could serve it; for an offer: the needs it could serve.
    let matches: [RecordMatches.Row]
    let matchesHeading: String?
    /// For a need's owners: "Was this need met?", with the answers and the version the answer is given on.
    let outcome: [SelectOption]?
    let outcomeAction: String
    let version: String
    /// What the record relates to, what relates to it, and for those who may change it the form to add a relation
    /// (with what was typed, when it was refused).
    let related: [RecordRelations.Row]
    let referredBy: [RecordRelations.Row]
    let relationsAction: String?
    let address: String
    /// A library item's document: its link and size, and for those who may change the record the form to attach one.
    let file: LabelValue?
    let fileHref: String?
    let fileAction: String?

    static func make(_ req: Request, access: RecordAccess, errors: [String: String], reason: String = "", address: String = "") async throws -> RecordPage {
        let labels = RecordLabels(req)
        let record = access.record
        let format = RecordFormat.of(access.kind)
        let document = access.document
        let language = req.language
        var rows: [Row] = []
        if let state = record.stateISO3 {
            rows.append(Row(label: req.text("record_state"), value: labels.states.name(state, in: language), href: "/states/" + state, note: nil, long: false))
        }
        for field in format.fields.dropFirst() {
            switch field.input {
            case .line, .text:
                let shown = field.translatable ? document.text(field.name, original: record.originalLanguage).shown(in: language)
                    : .init(text: document[field.name], fallback: nil)
                guard !shown.text.isEmpty else { continue }
                rows.append(Row(label: labels.field(field.name), value: shown.text, href: nil, note: labels.fallback(shown.fallback), long: field.input == .text))
            case .day:
                guard !document[field.name].isEmpty else { continue }
                rows.append(Row(label: labels.field(field.name), value: labels.day(document[field.name]), href: nil, note: nil, long: false))
            case .link:
                guard !document[field.name].isEmpty else { continue }
                rows.append(Row(label: labels.field(field.name), value: document[field.name], href: document[field.name], note: nil, long: false))
            default:
                var values = (field.isList ? document.list(field.name) : [document[field.name]]).filter { !$0.isEmpty }.map { labels.code($0, of: field) }
                if let other = field.otherField, !document[other].isEmpty { values.append(document[other]) }
                guard !values.isEmpty else { continue }
                rows.append(Row(label: labels.field(field.name), value: values.joined(separator: ", "), href: nil, note: nil, long: false))
            }
        }
        let publication = access.publication
        let standing = access.standing
        let mayAct = standing.isOwner || standing.isSecretariat
        let today = CivilDate(utc: req.application.clock.now())
        let id = try record.requireID().uuidString
        var steps: [Step] = []
        if mayAct {
            let candidates: [(Publication.Step, String, Bool)] = [(.submit, "submit", true), (.publish, "publish", true), (.recall, "recall", false),
                                                                  (.confirm, "confirm", false), (.withdraw, "withdraw", false)]
            for (step, name, primary) in candidates where (try? publication.taking(step, kind: access.kind, by: standing, today: today).get()) != nil {
                // "Still valid" is asked for in the last two months before a record would read as not updated.
                if step == .confirm && !publication.isStale(on: today.adding(months: 2)) { continue }
                steps.append(Step(action: "/clearing-house/records/\(id)/\(name)", label: req.text("record_step_" + name), primary: primary))
            }
        }
        var dates: [LabelValue] = []
        if let day = publication.publishedOn { dates.append(LabelValue(label: req.text("record_published"), value: language.format(day))) }
        if let day = publication.confirmedOn, day != publication.publishedOn {
            dates.append(LabelValue(label: req.text("record_confirmed"), value: language.format(day)))
        }
        var versions: [Version] = []
        if mayAct {
            versions = try await ClearingRecordVersionModel.query(on: req.db).filter(\.$record.$id == record.requireID()).sort(\.$number, .descending)
                .all().map { Version(number: $0.number, by: $0.by, at: language.formatMoment($0.at)) }
        }
        var statusNote: String?
        switch publication.status {
        case .returned: statusNote = publication.returnReason.map { req.localizer.text("record_returned_because", language, ["reason": $0]) }
        case .submitted: statusNote = publication.expiresOn.map { req.localizer.text("record_waiting_until", language, ["day": language.format($0)]) }
        case .draft: statusNote = publication.expiredOn.map { req.localizer.text("record_expired_note", language, ["day": language.format($0)]) }
        case .withdrawn: statusNote = publication.expiredOn.map { req.localizer.text("record_lapsed_note", language, ["day": language.format($0)]) }
        default: break
        }
        let title = try record.title(in: language, document: document)
        var matches: [RecordMatches.Row] = []
        var matchesHeading: String?
        if publication.status == .published {
            let finder = RecordMatches(req: req)
            if access.kind == .need {
                matches = try await finder.offers(for: access)
                if finder.need(record, document) != nil { matchesHeading = req.text("suggestions_for_need") }
            } else if RecordMatches.offerKinds.contains(access.kind) {
                matches = try await finder.needs(for: access)
                if !matches.isEmpty { matchesHeading = req.text("suggestions_for_offer") }
            }
        }
        let relations = RecordRelations(req: req)
        let related = try await relations.targets(of: record)
        let referredBy = try await relations.referring(to: RecordRelation(.record, key: id))
        var file: LabelValue?
        if let type = record.fileType.flatMap(UploadType.init(rawValue:)), record.filePath != nil {
            file = LabelValue(label: type.fileExtension.uppercased(), 
                              value: Self.size(record.fileBytes ?? 0, req))
        }
        let outcome = access.kind == .need && access.mayEdit && publication.status == .published
            ? Vocabulary.needStatus.codes.map {
                SelectOption(value: $0, label: req.text("vocabulary_need_status_" + $0), selected: $0 == document["needStatus"])
            }
            : nil
        return RecordPage(
            heading: title.text, note: labels.fallback(title.fallback), kind: labels.kind(access.kind), kindHref: "/clearing-house/" + access.kind.slug,
            rows: rows, status: mayAct ? req.text("record_status_" + publication.status.rawValue) : nil, statusNote: mayAct ? statusNote : nil,
            stale: publication.isStale(on: today) ? req.localizer.text("record_not_updated_since", language,
                                                                       ["day": language.format(publication.confirmedOn ?? publication.publishedOn ?? today)]) : nil,
            dates: dates, editHref: access.mayEdit ? "/clearing-house/records/\(id)/edit" : nil, steps: steps,
            returnAction: standing.isSecretariat && publication.status == .submitted ? "/clearing-house/records/\(id)/return" : nil,
            reason: reason, versions: versions, csrf: req.csrfToken, errors: errors, matches: matches, matchesHeading: matchesHeading,
            outcome: outcome, outcomeAction: "/clearing-house/records/\(id)/outcome", version: String(record.version),
            related: related, referredBy: referredBy, relationsAction: access.mayEdit ? "/clearing-house/records/\(id)/relations" : nil, address: address,
            file: file, fileHref: file == nil ? nil : "/clearing-house/records/\(id)/file",
            fileAction: access.mayEdit && access.kind == .resource ? "/clearing-house/records/\(id)/file" : nil)
    }

    /// A file's size as people say it: kilobytes below a megabyte, megabytes with one decimal above.
    static func size(_ bytes: Int, _ req: Request) -> String {
        guard bytes >= 1_048_576 else {
            return req.localizer.text("signed_form_size", req.language, ["size": req.language.format(max(1, (bytes + 1023) / 1024))])
        }
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        let separator = req.language == .en ? "." : ","
        return req.localizer.text("file_size_mb", req.language, ["size": "\(tenths / 10)\(separator)\(tenths % 10)"])
    }
}
