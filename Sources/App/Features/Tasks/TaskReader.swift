import Fluent
import Foundation
import TandemCore
import Vapor

/// Whose tasks, read how: the person as an actor, the language to write them in, the database. A page builds it
/// from its request; the weekly digest from an account, with no request at all.
struct TaskReader {
    let application: Application
    let db: any Database
    let actor: Actor
    /// The person's address, so their own doings are not news to them.
    let email: String?
    /// Their organisation, whose clearing-house records are theirs to keep too.
    var organisation: UUID? = nil
    let language: Language

    var localizer: Localizer { application.localizer }
    var states: StatesDirectory { application.statesDirectory }
    func text(_ key: String) -> String { localizer.text(key, language) }
}

extension TaskReader {
    init(_ req: Request) {
        self.init(application: req.application, db: req.db, actor: req.actor, email: req.currentUser?.email,
                  organisation: req.currentUser?.$organisation.id, language: req.language)
    }

    /// For an account, in its own language.
    init(_ user: UserModel, on db: any Database, _ application: Application) {
        self.init(application: application, db: db, actor: user.actor, email: user.email, organisation: user.$organisation.id,
                  language: Language(rawValue: user.language) ?? .en)
    }
}
