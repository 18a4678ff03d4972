import Fluent
import Foundation
import Testing
@testable import App

extension AppTests {
    /// Each model lists its properties (`var properties`) so that Fluent need not find them by reflection on
    /// every query. A list that forgot a field would silently stop saving and reading it, so each list is
    /// checked against what reflection finds, and every model is checked.
    @Suite struct ModelPropertiesTests {
        static let models: [any Model] = [
            APITokenModel(), ApplicationModel(), ApplicationStatusChangeModel(), AuditEntryModel(),
            BilateralMeetingModel(), CalendarFeedModel(), CallModel(), DelegateModel(), JobLeaseModel(),
            KeptFormModel(), MatchingRunModel(), NationalAuthorityModel(), OneTimeTokenModel(),
            OrganisationModel(), OutboxMessageModel(), ParticipantModel(), PartnershipModel(),
            PartnershipNoteModel(), PartnershipProposalModel(), PartnershipTaskModel(), RecoveryCodeModel(),
            ReportModel(), ReportVersionModel(), ClearingRecordModel(), ClearingRecordVersionModel(), ClearingRelationModel(), SavedSearchModel(), SentReminderModel(), SessionModel(), SignInThrottleModel(), SignedFormModel(), FrameworkChangeModel(),
            StatePartyModel(), TimelineEventModel(), UserModel(), VisitModel(), VisitCostModel(), ProgrammeBudgetModel(),
        ]

        @Test func everyModelListsExactlyThePropertiesReflectionFinds() {
            for model in Self.models {
                let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }
                let listed = model.properties
                #expect(listed.count == reflected.count, "\(type(of: model)): \(listed.count) listed, \(reflected.count) declared")
                for (one, other) in zip(listed, reflected) {
                    #expect(one as AnyObject === other as AnyObject, "\(type(of: model)): \(one) listed where \(other) is declared")
                }
            }
        }

        @Test func everyModelIsChecked() throws {
            let folder = packageRoot.appendingPathComponent("Sources/App/Models")
            var declared: Set<String> = []
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: /final class (\w+): Model\b/) { declared.insert(String(match.1)) }
            }
            #expect(!declared.isEmpty)
            #expect(Set(Self.models.map { String(describing: type(of: $0)) }) == declared)
        }
    }
}
