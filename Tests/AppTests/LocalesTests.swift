import Foundation
import Testing
import TandemCore
@testable import App

extension AppTests {
    /// Every user-visible string has a key in each language, and every key is used.
    @Suite struct LocalesTests {
        let localizer = try! Localizer(directory: packageRoot.appendingPathComponent("Resources/Locales/").path + "/")

        /// Keys built at run time from a prefix and a value (`"group_" + slug`).
        let dynamicPrefixes = ["group_", "scope_", "role_", "partnership_status_", "visit_status_", "un_language_",
                               "profile_name_", "error_", "stat_", "m49_", "role_name_", "password_", "tokens_scope_", "mail_", "outbox_status_", "outbox_kind_", "invite_status_", "organisation_kind_", "call_status_", "call_rule_", "thematic_area_", "application_status_", "application_mode_", "application_level_", "application_level_choice_", "match_excluded_", "match_refusal_", "match_component_", "matching_note_", "matching_manual_warning_", "proposal_status_", "proposal_answer_",
                               "workspace_source_", "report_status_", "report_kind_", "delegate_role_", "delegate_gender_", "meeting_kind_",
                               "timeline_", "rule_", "change_entity_", "report_field_", "report_hint_", "deadline_what_", "report_short_",
                               "indicator_measure_", "indicator_status_", "awaiting_", "call_text_", "framework_status_", "cost_item_", "tasks_", "audit_action_", "audit_entity_", "application_add_", "application_remove_", "help_q_", "help_a_", "help_step_", "search_",
                               "record_status_", "record_field_", "vocabulary_", "record_kind_", "record_step_", "record_sort_", "record_title_",
                               "record_visibility_", "done_record_", "saved_search_frequency_", "suggestion_reason_"]

        @Test func everyLanguageHasEveryKeyWithText() {
            let english = Set(localizer.table(.en).keys)
            #expect(english.count > 50)
            for language in [TandemCore.Language.fr, .es] {
                let keys = Set(localizer.table(language).keys)
                #expect(english.subtracting(keys).isEmpty, "missing in \(language): \(english.subtracting(keys).sorted())")
                #expect(keys.subtracting(english).isEmpty, "extra in \(language): \(keys.subtracting(english).sorted())")
                #expect(localizer.table(language).values.allSatisfy { !$0.isEmpty })
            }
        }

        @Test func everyKeyIsUsed() throws {
            let sources = try text(under: "Sources/App") + text(under: "Sources/TandemCore") + text(under: "Resources/Views")
            // A count's singular (`partnerships_count_one`) is used wherever its plural is counted.
            let used = { (key: String) in sources.contains("t.\(key)") || sources.contains("\"\(key)\"") }
            let unused = localizer.table(.en).keys.filter { key in
                !used(key) && !(key.hasSuffix("_one") && used(String(key.dropLast(4))))
                    && !dynamicPrefixes.contains { key.hasPrefix($0) && sources.contains("\"\($0)") }
            }
            #expect(unused.isEmpty, "unused keys: \(unused.sorted())")
        }

        @Test func everyRegionAndSubregionOfTheStatesPartiesHasANameInEachLanguage() throws {
            let table = CSVTable(parsing: try String(contentsOf: packageRoot.appendingPathComponent("Resources/Data/states-parties.csv"), encoding: .utf8))
            let names = Set(table.rows.flatMap { [table.value("un_m49_region", in: $0), table.value("un_m49_subregion", in: $0)] })
            #expect(names.count == 27)
            for name in names {
                #expect(localizer.regionName(name, .en) == name)
                #expect(localizer.regionName(name, .fr) != name || ["Europe"].contains(name), "\(name)")
                #expect(localizer.regionName(name, .es) != name || ["Asia", "Melanesia", "Micronesia"].contains(name), "\(name)")
            }
            #expect(localizer.regionName("South-eastern Asia", .fr) == "Asie du Sud-Est")
        }

        @Test func everyKeyTheTemplatesUseExists() throws {
            let templates = try text(under: "Resources/Views")
            let regex = try NSRegularExpression(pattern: "#\\(t\\.([a-z0-9_]+)\\)")
            let used = regex.matches(in: templates, range: NSRange(templates.startIndex..., in: templates)).compactMap {
                Range($0.range(at: 1), in: templates).map { String(templates[$0]) }
            }
            #expect(!used.isEmpty)
            let missing = Set(used).subtracting(localizer.table(.en).keys)
            #expect(missing.isEmpty, "missing keys: \(missing.sorted())")
        }

        private func text(under folder: String) throws -> String {
            let root = packageRoot.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            return try files.filter { ["swift", "leaf"].contains($0.pathExtension) }
                .map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        }
    }
}
