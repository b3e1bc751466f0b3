import Foundation
import Protocols

/// A story as the Twine interchange sees it: neutral of any store, with plain string ids.
///
/// Exporting reads one; importing returns one, complete or not at all. Mapping it to and from
/// ``Scenario``, ``Scene`` and ``Choice`` (and minting ``ObjectId``s for an import) is the caller's job;
/// ``init(scenario:scenes:choices:ifid:variables:effects:)`` covers the usual export case.
public struct StoryGraph: Hashable, Sendable {
    /// The story's title (Twee `StoryTitle`, Twine `name`).
    public var title: String
    /// The story's description, kept in `StoryData` under `description`.
    public var description: String
    /// The Interactive Fiction IDentifier, an uppercase UUID kept per scenario (see ``TwineIFID``).
    public var ifid: String
    /// Declared story variables, name → initial value: a JSON object, `{}` when none.
    public var variables: JSONValue
    /// The scenes, in the order they are written out.
    public var scenes: [StoryScene]
    /// The choices; their order within one scene is given by ``StoryChoice/order``.
    public var choices: [StoryChoice]

    public init(
        title: String, description: String = "", ifid: String, variables: JSONValue = .emptyObject,
        scenes: [StoryScene] = [], choices: [StoryChoice] = []
    ) {
        self.title = title
        self.description = description
        self.ifid = ifid
        self.variables = variables
        self.scenes = scenes
        self.choices = choices
    }

    /// The choices leaving the scene `sceneId`, sorted by `order` (ties keep their array order).
    public func choices(from sceneId: String) -> [StoryChoice] {
        choices.enumerated()
            .filter { $0.element.from == sceneId }
            .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element)
    }
}

/// One scene of a ``StoryGraph``: one Twine passage.
public struct StoryScene: Hashable, Sendable, Identifiable {
    /// Any string unique within the graph. Imports number passages `"1"`, `"2"`, … in file order.
    public var id: String
    /// The scene's title; the passage name is made from it (see the export's naming rules).
    public var title: String
    /// What the player reads, without the links (they are the scene's choices).
    public var text: String
    /// Whether the story starts here (tag `start`, and `StoryData.start` for the first such scene).
    public var isStart: Bool
    /// Whether the story ends here (tag `end`).
    public var isEnd: Bool
    /// Where the passage sits in the Twine editor; `nil` writes no `position`.
    public var position: Position?

    public init(
        id: String, title: String, text: String = "", isStart: Bool = false, isEnd: Bool = false,
        position: Position? = nil
    ) {
        self.id = id
        self.title = title
        self.text = text
        self.isStart = isStart
        self.isEnd = isEnd
        self.position = position
    }
}

/// One choice of a ``StoryGraph``: one Twine link.
public struct StoryChoice: Hashable, Sendable {
    /// The ``StoryScene/id`` the choice leaves.
    public var from: String
    /// The ``StoryScene/id`` the choice leads to.
    public var to: String
    /// What the player reads (the link's text).
    public var text: String
    /// Position among the choices of `from`; imports number links `0`, `1`, … in text order.
    public var order: Int
    /// A JSON Logic rule; `{}` means "always".
    public var condition: JSONValue
    /// Effects applied when the choice is taken (`{"set": name, "value": v}`, `{"add": name, "value": n}`).
    public var effects: [JSONValue]

    public init(
        from: String, to: String, text: String, order: Int = 0, condition: JSONValue = .emptyObject,
        effects: [JSONValue] = []
    ) {
        self.from = from
        self.to = to
        self.text = text
        self.order = order
        self.condition = condition
        self.effects = effects
    }
}
