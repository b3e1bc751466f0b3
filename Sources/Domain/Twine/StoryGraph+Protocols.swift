import Foundation
import Protocols

extension StoryGraph {
    /// A graph of a stored scenario, for export.
    ///
    /// Scene and choice ids become their hexadecimal strings; scenes are sorted by `order`, then id.
    /// - Parameters:
    ///   - ifid: the scenario's IFID (see ``TwineIFID``).
    ///   - variables: the scenario's declared variables, a JSON object.
    ///   - effects: each choice's effects, by choice id; a choice not named has none.
    public init(
        scenario: Scenario, scenes: [Scene], choices: [Choice], ifid: String,
        variables: JSONValue = .emptyObject, effects: [ObjectId: [JSONValue]] = [:]
    ) {
        let sortedScenes = scenes.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
        self.init(
            title: scenario.title,
            description: scenario.description,
            ifid: ifid,
            variables: variables,
            scenes: sortedScenes.map {
                StoryScene(
                    id: $0.id.hexString, title: $0.title, text: $0.text, isStart: $0.isStartScene,
                    isEnd: $0.isEndScene, position: $0.position)
            },
            choices: choices.map {
                StoryChoice(
                    from: $0.fromSceneId.hexString, to: $0.toSceneId.hexString, text: $0.text, order: $0.order,
                    condition: $0.condition, effects: effects[$0.id] ?? [])
            }
        )
    }
}
