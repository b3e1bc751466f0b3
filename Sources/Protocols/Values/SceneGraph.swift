/// The scenes of some scenarios and the choices leaving those scenes, read together (see
/// ``StoryStore/sceneGraph(scenarioIds:)``).
public struct SceneGraph: Sendable {
    /// The scenes, ordered as ``SceneStore/scenes(scenarioIds:)`` orders them.
    public var scenes: [Scene]
    /// The choices leaving those scenes, ordered as ``ChoiceStore/choices(fromSceneIds:)`` orders them.
    public var choices: [Choice]

    public init(scenes: [Scene], choices: [Choice]) {
        self.scenes = scenes
        self.choices = choices
    }
}
