/// The kinds of entities `migrate-data` copies, in the order it writes them: each one's references
/// (a scene's scenario, a choice's scenes, a progress record's user, scenario and scene) are written
/// before it, so a run stopped anywhere leaves a target whose records all resolve.
///
/// Generation jobs and login attempts are not copied: jobs are transient work of the source's workers
/// (their results, the assets, are copied), and login attempts are throttling counters that expire.
enum EntityKind: String, CaseIterable, Sendable {
    case users
    case scenarios
    case assets
    case scenes
    case choices
    case progress

    /// The name of one entity of the kind, for messages.
    var singular: String {
        switch self {
        case .users: "user"
        case .scenarios: "scenario"
        case .assets: "asset"
        case .scenes: "scene"
        case .choices: "choice"
        case .progress: "progress record"
        }
    }
}
