import Fluent
import Foundation
import TandemCore
import Vapor

/// In development only: accepted applications to the 2025-2027 call from fourteen states seeking mentorship
/// and seven offering it, across every regional group and several languages, so the matcher has a realistic
/// pool to work on (`Resources/Data/demo-applications.json`), and a focal point for each of those states
/// that has none (`iso3@demo.tandem`, the demo password) to answer proposals. Never created in production.
enum DemoApplications {
    static let callSlug = "2025-2027"

    struct Entry: Decodable {
        let state: String
        let mode: PartnershipMode
        let languages: [String]
        let needs: [String: Int]?
        let expertise: [String: Int]?
        let preferred: [String]
    }

    static func ensure(on app: Application) async throws {
        guard let call = try await CallModel.query(on: app.db).filter(\.$slug == callSlug).first() else { return }
        let callID = try call.requireID()
        let path = app.directory.resourcesDirectory + "Data/demo-applications.json"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let entries = try JSONDecoder().decode([Entry].self, from: data)
        let existing = Set(try await ApplicationModel.query(on: app.db).filter(\.$call.$id == callID).all().map(\.stateISO3))
        let missing = entries.filter { !existing.contains($0.state) }
        guard !missing.isEmpty else { return }
        try await ensureFocalPoints(for: missing.map(\.state), on: app)
        let signedOn = try call.value().opens
        try await app.db.writeTransaction { db in
            for entry in missing {
                let name = app.statesDirectory.name(entry.state, in: .en)
                let application = ApplicationModel(callID: callID, stateISO3: entry.state,
                                                   form: form(entry, stateName: name, signedOn: signedOn), onBehalf: false, createdBy: "seed")
                application.status = ApplicationStatus.accepted.rawValue
                application.submittedAt = app.clock.now()
                try await application.create(on: db)
            }
        }
        app.logger.notice("Development demo applications to the \(callSlug) call: \(missing.count) accepted applications added")
    }

    /// The demo address of a pool state's focal point.
    static func focalPoint(of state: String) -> String { state.lowercased() + "@demo.tandem" }

    private static func ensureFocalPoints(for states: [String], on app: Application) async throws {
        let covered = Set(try await UserModel.query(on: app.db).filter(\.$stateISO3 ~~ states)
            .filter(\.$role == Role.focalPoint.rawValue).all().compactMap(\.stateISO3))
        let hash = try await app.password.async.hash(DemoAccounts.password)
        for state in states where !covered.contains(state) {
            let user = UserModel(email: focalPoint(of: state), displayName: "Demo Focal Point, " + app.statesDirectory.name(state, in: .en),
                                 language: .en, role: .focalPoint, stateISO3: state, organisationID: nil)
            user.passwordHash = hash
            try await user.create(on: app.db)
        }
    }

    private static func form(_ entry: Entry, stateName: String, signedOn: CivilDate) -> ApplicationForm {
        var form = ApplicationForm()
        form.nationalAuthority = "National Authority of \(stateName)"
        form.contactPerson = "Demo contact, \(stateName)"
        form.emails = ["na.\(entry.state.lowercased())@demo.tandem"]
        form.mode = entry.mode
        form.sponsorshipRequired = entry.mode.seeks
        form.motivation = "Demo application: \(stateName) \(entry.mode == .offering ? "offers" : "seeks") mentorship."
        form.needs = (entry.needs ?? [:]).sorted { $0.key < $1.key }.map { AreaLevel(key: $0.key, level: $0.value) }
        form.expertise = (entry.expertise ?? [:]).sorted { $0.key < $1.key }.map { AreaLevel(key: $0.key, level: $0.value) }
        form.preferredPartners = entry.preferred
        form.workingLanguages = entry.languages
        if entry.mode.seeks {
            // The two mandatory areas of the results framework come first, as on the form.
            let mandatory = ["national_authority", "implementing_legislation"]
            form.resultsFramework = framework(needs: mandatory + form.needs.map(\.key).filter { !mandatory.contains($0) })
            form.expectedResults = [ExpectedResult(description: "A stronger National Authority and implementing legislation tabled",
                                                   meansOfVerification: "Interim and final reports")]
        }
        form.headName = "Head of the National Authority of \(stateName)"
        form.headTitle = "Head of the National Authority"
        form.signedOn = signedOn
        return form
    }

    /// A plausible results framework over the areas a demo mentee needs: for each, an output counted in
    /// officials or sessions and an outcome that is either a number or a step reached.
    private static func framework(needs: [String]) -> ResultsFramework {
        ResultsFramework(areas: needs.map { area in
            switch area {
            case "national_authority":
                AreaPlan(key: area,
                         outputs: [PlannedResult(statement: "Staff of the National Authority trained on declarations and inspections",
                                                 indicators: [Indicator(description: "Officials trained", baseline: "0", target: "8", unit: "officials",
                                                                        meansOfVerification: "Attendance lists")])],
                         outcomes: [PlannedResult(statement: "A national action plan for the Convention adopted",
                                                  indicators: [Indicator(description: "National action plan adopted", baseline: IndicatorStatus.notStarted.rawValue,
                                                                         target: IndicatorStatus.achieved.rawValue, unit: "",
                                                                         meansOfVerification: "Decision of the government", measure: .status)])])
            case "implementing_legislation":
                AreaPlan(key: area,
                         outputs: [PlannedResult(statement: "Drafters briefed on the model implementing legislation",
                                                 indicators: [Indicator(description: "Drafting sessions held", baseline: "0", target: "2",
                                                                        unit: "sessions", meansOfVerification: "Agendas and minutes")])],
                         outcomes: [PlannedResult(statement: "Draft implementing legislation tabled",
                                                  indicators: [Indicator(description: "Draft law", baseline: "not drafted", target: "tabled in parliament",
                                                                         unit: "", meansOfVerification: "Parliamentary record")])])
            default:
                AreaPlan(key: area,
                         outputs: [PlannedResult(statement: "Officials trained in the area",
                                                 indicators: [Indicator(description: "Officials trained", baseline: "0", target: "5", unit: "officials",
                                                                        meansOfVerification: "Attendance lists")])],
                         outcomes: [PlannedResult(statement: "New procedures applied",
                                                  indicators: [Indicator(description: "Share of staff applying the procedures", baseline: "0",
                                                                         target: "75", unit: "%", meansOfVerification: "Survey of staff")])])
            }
        })
    }
}
