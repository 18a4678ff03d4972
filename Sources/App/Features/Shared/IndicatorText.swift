import TandemCore

extension Localizer {
    /// A baseline, target or reported value as a person reads it: a qualitative indicator's step of the status
    /// scale by its name in `language`, any other value as typed.
    func indicatorValue(_ text: String, _ language: Language) -> String {
        IndicatorStatus(rawValue: text).map { self.text("indicator_status_" + $0.rawValue, language) } ?? text
    }

    /// The status scale as choices, `chosen` selected.
    func indicatorStatuses(_ chosen: String, _ language: Language) -> [SelectOption] {
        [SelectOption(value: "", label: "—", selected: IndicatorStatus(rawValue: chosen) == nil)]
            + IndicatorStatus.allCases.map {
                SelectOption(value: $0.rawValue, label: text("indicator_status_" + $0.rawValue, language), selected: $0.rawValue == chosen)
            }
    }
}
