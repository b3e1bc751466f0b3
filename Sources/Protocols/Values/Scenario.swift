import Foundation

/// A story: a set of scenes linked by choices, written by one author.
public struct Scenario: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var title: String
    public var description: String
    public var authorId: ObjectId
    public var isPublished: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), title: String, description: String = "", authorId: ObjectId,
        isPublished: Bool = false, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.authorId = authorId
        self.isPublished = isPublished
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
