import Vapor

/// Mounts every feature.
func routes(_ app: Application) throws {
    try app.register(collection: HomeController())
    try app.register(collection: StatesController())
    try app.register(collection: PartnershipsController())
    try app.register(collection: StatisticsController())
    try app.register(collection: APIController())
    try app.register(collection: OperationsController(registry: Application.metricsRegistry))
}
