import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Metrics
import Prometheus
import TandemCore
import Vapor

/// Wires Tandem together, in order: configuration, database, migrations, views, middleware, routes, commands.
public func configure(_ app: Application) async throws {
    try await configure(app, config: try AppConfig(environment: ProcessInfo.processInfo.environment))
}

func configure(_ app: Application, config: AppConfig) async throws {
    app.logger.logLevel = config.logLevel
    if let path = config.clockFile { app.clock = .file(path) }
    app.storage[Application.AppConfigKey.self] = config
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.http.server.configuration.responseCompression = .enabled
    app.http.server.configuration.requestDecompression = .enabled(limit: .ratio(10))
    // Forms such as an application with its results framework run past Vapor's 16 KB default.
    // A long form within its bounds (`FormBounds`) in a script of several bytes a character, encoded for sending.
    app.routes.defaultMaxBodySize = "4mb"

    switch config.database {
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .postgres(let url):
        // More than one connection per event loop: start-up holds one for its lock while the migrations use others.
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url), maxConnectionsPerEventLoop: 4), as: .psql)
    }
    app.migrations.add(CreateStatesParties())
    app.migrations.add(CreatePartnerships())
    app.migrations.add(CreatePartnershipParticipants())
    app.migrations.add(CreateVisits())
    app.migrations.add(CreateAuditLog())
    app.migrations.add(CreateDataVersions())
    app.migrations.add(CreateAccounts())
    app.migrations.add(CreateSignInThrottles())
    app.migrations.add(CreateAPITokens())
    app.migrations.add(CreateMailOutbox())
    app.migrations.add(AddTwoFactor())
    app.migrations.add(AddAuditAddress())
    app.migrations.add(CreateNationalAuthorities())
    app.migrations.add(CreateCalls())
    app.migrations.add(CreateApplications())
    app.migrations.add(CreateMatchingRuns())
    app.migrations.add(AddPartnershipLifecycle())
    app.migrations.add(AddVisitPlanning())
    app.migrations.add(CreateVisitDelegates())
    app.migrations.add(CreatePartnershipWorkspace())
    app.migrations.add(CreateReports())
    app.migrations.add(CreateReminders())
    app.migrations.add(CreateCalendarFeeds())
    app.migrations.add(AddChangeGuards())
    app.migrations.add(CreateKeptForms())
    app.migrations.add(SplitDataVersions())
    app.migrations.add(AddKeptFormOwner())
    app.migrations.add(AddSignInPending())
    app.migrations.add(AddApplicationListing())
    app.migrations.add(AddEditVersions())
    app.migrations.add(AddListIndexes())
    app.migrations.add(CreateSignedForms())
    app.migrations.add(AddMeetingSchedule())
    app.migrations.add(AddCallTexts())
    app.migrations.add(AddVisitSecretariat())
    app.migrations.add(CreateFrameworkChanges())
    app.secretBox = SecretBox(source: {
        if let key = config.secretsKey { return key }
        if case .sqliteMemory = config.database { return SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } }
        return try SecretBox.developmentKey(at: AppConfig.developmentSecretsKeyFile)
    })
    app.migrations.add(SealTwoFactorSecrets(box: app.secretBox))
    app.migrations.add(CreateVisitCosts())
    app.migrations.add(CreateProgrammeBudgets())
    app.migrations.add(AddWeeklyDigest())
    app.migrations.add(CreateClearingHouse())
    app.migrations.add(CreateClearingSearch())
    app.migrations.add(CreateSavedSearches())
    app.migrations.add(AddClearingRecordFormTokens())
    app.migrations.add(CreateClearingRelations())
    app.databases.middleware.use(ReferenceVersionMiddleware<StatePartyModel>())
    app.databases.middleware.use(ReferenceVersionMiddleware<NationalAuthorityModel>())
    app.databases.middleware.use(ReferenceVersionMiddleware<CallModel>())
    app.databases.middleware.use(ReferenceVersionMiddleware<ProgrammeBudgetModel>())
    app.databases.middleware.use(PartnershipRevisionMiddleware<PartnershipModel>())
    app.databases.middleware.use(PartnershipRevisionMiddleware<ParticipantModel>())
    app.databases.middleware.use(PartnershipRevisionMiddleware<VisitModel>())

    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    ContentConfiguration.global.use(encoder: encoder, for: .json)

    app.views.use(.leaf)
    // Templates are read once in production; in development an edited template shows on reload.
    app.leaf.cache.isEnabled = app.environment != .development
    app.localizer = try Localizer(directory: app.directory.resourcesDirectory + "Locales/")
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    try app.configureAccounts()
    try app.configureMail(config)
    if app.runsBackgroundJobs {
        app.lifecycle.use(DeadlinesWorker(interval: .seconds(config.deadlinesPollSeconds)))
        app.lifecycle.use(ClearingIndexWarmUp())
    }
    app.programmeCache = ProgrammeCache()
    app.pageCache = PageCache()
    app.clearingAnswers = PageCache()
    app.figuresCache = FiguresCache()
    app.renderedContent = RenderedContent()
    app.callsCache = CallsCache()
    app.clearingIndex = ClearingIndex()
    app.partnershipSummaries = PartnershipSummaries()
    app.taskCount = TaskCount()

    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(TandemErrorMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(https: config.isSecure))
    app.middleware.use(StaticCacheMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(LanguageMiddleware(secureCookies: config.isSecure))
    app.middleware.use(ConfirmationMiddleware(secureCookies: config.isSecure))
    app.middleware.use(SessionMiddleware(idleTimeout: config.sessionIdleTimeout, secureCookies: config.isSecure))
    app.middleware.use(CSRFMiddleware(secureCookies: config.isSecure))
    app.middleware.use(APITokenMiddleware())

    try routes(app)
    app.middleware.use(APIMethodsMiddleware(routes: app.routes, prefix: "api"))
    app.asyncCommands.use(ImportHistoryCommand(), as: "import-history")
    app.asyncCommands.use(ImportRecordsCommand(), as: "import-records")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(TokensCommand(), as: "tokens")
    app.asyncCommands.use(MatchCommand(), as: "match")
    app.asyncCommands.use(DeadlinesCommand(), as: "deadlines")
    app.asyncCommands.use(MigrateStepCommand(), as: "migrate")
}

extension Application {
    struct AppConfigKey: StorageKey {
        typealias Value = AppConfig
    }

    /// The one registry `/metrics` reports; swift-metrics can be bootstrapped once per process.
    static let metricsRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    var dataDirectory: String { directory.resourcesDirectory + "Data/" }

    /// Whether the command line works on files alone (solving a matching file): it needs no database, and
    /// its standard output is its result, so its messages go to standard error.
    public static func isStandalone(arguments: [String]) -> Bool {
        arguments.dropFirst().first == "match"
    }

    /// Brings the database up to date and loads what Tandem ships: the States Parties and the programme
    /// history. Safe to run on every start: nothing is duplicated and nothing already there is changed
    /// except reference data corrected in the shipped file.

    public func prepareDatabase() async throws {
        try await StartLock.run(self) { try await self.migrateAndSeed() }
    }

    private func migrateAndSeed() async throws {
        try await autoMigrate()
        let states = try StatesPartiesFile.parse(try readData("states-parties.csv"), file: "states-parties.csv").get()
        let reference = try await ReferenceDataLoader.load(states, on: db, actor: "reference-data")
        statesDirectory = try await StatesDirectory.load(from: db)
        try await ClearingSearchRow.fillMissing(app: self)
        let history = try ProgrammeHistoryFile.parse(
            partnerships: try readData(ProgrammeHistoryFiles.partnerships), partnershipsFile: ProgrammeHistoryFiles.partnerships,
            participants: try readData(ProgrammeHistoryFiles.participants), participantsFile: ProgrammeHistoryFiles.participants,
            resolver: statesDirectory.resolver).get()
        let imported = try await HistoryImporter.load(history, on: db, actor: "seed")
        let calls = try await CallsLoader.load(try CallsLoader.parse(Data(try readData("calls.json").utf8)), on: db, actor: "seed")
        if config.deployment == .development {
            try await DemoAccounts.ensure(on: self)
            try await DemoApplications.ensure(on: self)
            try await DemoClearingHouse.ensure(on: self)
        }
        logger.info("Reference data: \(reference.created) States Parties added, \(reference.updated) updated; programme history: \(imported.created.count) partnerships added; calls: \(calls) added")
    }

    private func readData(_ name: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: dataDirectory + name) else {
            throw Abort(.internalServerError, reason: "missing data file \(dataDirectory + name)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

enum ProgrammeHistoryFiles {
    static let partnerships = "mpp-partnerships-2012-2019.csv"
    static let participants = "mpp-participants-2012-2019.csv"
}
