import TandemCore

/// A partnership's event as a sentence in the reader's language: "Mexico proposed visit 1, 2-6 March 2026".
/// The workspace's timeline and the news on "To do" write them the same way.
struct TimelineText {
    let localizer: Localizer
    let language: Language
    let states: StatesDirectory

    func text(_ event: TimelineEventModel) -> String {
        func t(_ key: String) -> String { localizer.text(key, language) }
        var values = event.values
        for key in ["host", "visitor", "state"] where values[key] != nil { values[key] = states.name(values[key]!, in: language) }
        if let kind = values["report"] { values["report"] = t("deadline_what_" + kind) }
        if let status = values["status"] { values["status"] = t("partnership_status_" + status) }
        if let start = values["start"].flatMap(CivilDate.init(iso:)), let end = values["end"].flatMap(CivilDate.init(iso:)) {
            values["dates"] = start == end ? language.format(start) : language.format(start) + " – " + language.format(end)
        }
        if let day = values["day"].flatMap(CivilDate.init(iso:)) { values["day"] = language.format(day) }
        return localizer.text("timeline_" + event.kind, language, values)
    }
}
