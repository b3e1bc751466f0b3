import Protocols

/// The shared suite every ``StoryStore`` adapter passes, in the manner of FluentKit's driver
/// benchmarker: each case gets a fresh empty store from the adapter's factory.
///
/// Adapters usually run the cases one by one under Swift Testing (see ``StoreConformanceCase``);
/// ``runAll()`` runs them in a row for other harnesses.
public struct StoreConformance: Sendable {
    public let makeStore: StoreFactory

    public init(makeStore: @escaping StoreFactory) {
        self.makeStore = makeStore
    }

    /// Every case, grouped by port.
    public static let allCases: [StoreConformanceCase] =
        StoreCases.all + UserCases.all + ScenarioCases.all + SceneCases.all + ChoiceCases.all + ProgressCases.all
        + AssetCases.all + CascadeCases.all + RoundTripCases.all + JobCases.all + JobQueueCases.all
        + LoginAttemptCases.all + ProgressVersionCases.all + StoryEngineCases.all

    /// The cases of the ports that write several documents or rows at once (denormalised arrays,
    /// cascades, checks of another record): what an adapter's transactional path has to keep. Users,
    /// jobs and login attempts are written one record at a time.
    public static let multiRecordCases: [StoreConformanceCase] =
        ScenarioCases.all + SceneCases.all + ChoiceCases.all + ProgressCases.all + AssetCases.all + CascadeCases.all
        + RoundTripCases.all + ProgressVersionCases.all + StoryEngineCases.all

    /// Runs every case. - Throws: one ``ConformanceFailure`` listing every failed case.
    public func runAll() async throws {
        var failures: [String] = []
        for conformanceCase in Self.allCases {
            do {
                try await conformanceCase.run(makeStore)
            } catch {
                failures.append("\(conformanceCase.name): \(error)")
            }
        }
        if !failures.isEmpty {
            throw ConformanceFailure("\(failures.count) store conformance case(s) failed:\n" + failures.joined(separator: "\n"))
        }
    }
}
