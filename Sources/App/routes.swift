import Vapor

/// Mounts every feature.
func routes(_ app: Application) throws {
    let pages = app.grouped(PageCacheMiddleware(cache: app.pageCache))
    try pages.register(collection: HomeController())
    try pages.register(collection: StatesController())
    try pages.register(collection: PartnershipsController())
    try pages.register(collection: StatisticsController())
    try pages.register(collection: CallsController())
    try pages.register(collection: APIController())
    try app.register(collection: AccountController())
    try app.register(collection: PasswordLinksController())
    try app.register(collection: TwoFactorController())
    try app.register(collection: InvitationsController())
    try app.register(collection: NationalAuthorityController())
    try app.register(collection: NationalAuthorityAPIController())
    try app.register(collection: CallsAPIController())
    try app.register(collection: ApplicationsAPIController())
    try app.register(collection: ApplicationsController())
    try app.register(collection: ApplicationEditingController())
    try app.register(collection: OutboxController())
    try app.register(collection: AuditLogController())
    try app.register(collection: UsersAdminController())
    try app.register(collection: UserDetailController())
    try app.register(collection: OrganisationsController())
    try app.register(collection: OperationsController(registry: Application.metricsRegistry))
}
