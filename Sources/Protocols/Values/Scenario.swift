import Foundation

/// A story: a set of scenes linked by choices, written by one author.
public struct Scenario: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var title: String
    public var description: String
    public var authorId: ObjectId
    public var isPublished: Bool
    /// The story variables it declares, name → initial value: a JSON object, `{}` when none (and for
    /// documents written before it existed).
    public var variables: JSONValue
    /// Its Interactive Fiction IDentifier (an uppercase UUID) for Twine interchange; `nil` for records
    /// written before it existed, which use one derived from the id (see `TwineIFID`).
    public var ifid: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), title: String, description: String = "", authorId: ObjectId,
        isPublished: Bool = false, variables: JSONValue = .emptyObject, ifid: String? = nil,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.authorId = authorId
        self.isPublished = isPublished
        self.variables = variables
        self.ifid = ifid
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
