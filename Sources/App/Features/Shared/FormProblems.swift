/// What is wrong with a submitted form: a locale key for each field that needs changing.
struct FormProblems: Error {
    let fields: [String: String]
}

/// A page whose form may come back refused, with a message by each field (`errors`, by field). The layout puts a
/// summary of them at the top of the page, each linking to its message by the field (`{field}-error`), so a
/// person who lands at the top of a long page sees at once what to change and where.
protocol ShowsFieldErrors {
    var errors: [String: String] { get }
}

/// One line of that summary.
struct ErrorLink: Encodable, Hashable, Sendable {
    let text: String
    let anchor: String

    static func summary(of content: some Encodable) -> [ErrorLink]? {
        guard let errors = (content as? any ShowsFieldErrors)?.errors, !errors.isEmpty else { return nil }
        return errors.sorted { $0.key < $1.key }.map { ErrorLink(text: $0.value, anchor: "#" + $0.key + "-error") }
    }
}

extension ApplicationsController.DetailPage: ShowsFieldErrors {}
extension VisitPages.FormPage: ShowsFieldErrors {}
extension VisitPages.ShowPage: ShowsFieldErrors {}
extension ProposalsController.DetailPage: ShowsFieldErrors {}
extension NationalAuthorityController.EditPage: ShowsFieldErrors {}
extension BudgetController.EditPage: ShowsFieldErrors {}
extension CallsController.FormPage: ShowsFieldErrors {}
extension WorkspacePages.Page: ShowsFieldErrors {}
extension InvitationsController.InvitationsPage: ShowsFieldErrors {}
extension OrganisationsController.OrganisationsPage: ShowsFieldErrors {}
extension UserDetailController.DetailPage: ShowsFieldErrors {}
extension ReportPages.Page: ShowsFieldErrors {}

extension MatchingPages.IndexPage: ShowsFieldErrors {
    /// Each parameter's problem under its label, as the summary names it.
    var errors: [String: String] {
        let named = (weights + [budget, regionalShare] + capacities + pairLists).map { ($0, $0.label) }
            + quotas.flatMap { row in [(row.minimum, row.group + " · " + row.minimum.label), (row.maximum, row.group + " · " + row.maximum.label)] }
        return Dictionary(named.compactMap { field, label in field.error.map { (field.name, label + ": " + $0) } }) { first, _ in first }
    }
}

extension VisitsController.CostsPage: ShowsFieldErrors {
    /// Each amount's problem under the official and the item it is for.
    var errors: [String: String] {
        var errors: [String: String] = [:]
        for row in groups.flatMap(\.rows) {
            let name = [row.delegate, row.itemLabel].filter { !$0.isEmpty }.joined(separator: " · ")
            if let error = row.plannedError { errors["cost-\(row.index)-planned"] = name + ": " + error }
            if let error = row.actualError { errors["cost-\(row.index)-actual"] = name + ": " + error }
        }
        return errors
    }
}
extension WorkspaceController.NewPage: ShowsFieldErrors {}
extension AccountController.AccountPage: ShowsFieldErrors {}
