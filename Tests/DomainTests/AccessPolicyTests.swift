import Domain
import Protocols
import Testing

/// The README's access matrix, cell by cell, on the policy alone (the HTTP tests check the same
/// cells through the API).
@Suite("AccessPolicy: the access matrix")
struct AccessPolicyTests {
    static let author = User(email: "author@example.com", passwordHash: "x", role: .admin)
    static let otherAdmin = User(email: "other@example.com", passwordHash: "x", role: .admin)
    static let player = User(email: "player@example.com", passwordHash: "x", role: .player)

    enum Who: String, CaseIterable, Sendable { case anonymous, player, author, otherAdmin }

    static func policy(_ who: Who) -> AccessPolicy {
        switch who {
        case .anonymous: AccessPolicy(viewer: nil)
        case .player: AccessPolicy(viewer: player)
        case .author: AccessPolicy(viewer: author)
        case .otherAdmin: AccessPolicy(viewer: otherAdmin)
        }
    }

    @Test("stories: published read by all, played by the signed-in; drafts by their author only; changes by the author", arguments: Who.allCases)
    func stories(_ who: Who) {
        let published = Scenario(title: "P", authorId: Self.author.id, isPublished: true)
        let draft = Scenario(title: "D", authorId: Self.author.id, isPublished: false)
        let p = Self.policy(who)
        #expect(p.canRead(published))
        #expect(p.canPlay(published) == (who != .anonymous))
        #expect(p.canRead(draft) == (who == .author))
        #expect(p.canChange(published) == (who == .author))
        #expect(p.canChange(draft) == (who == .author))
    }

    @Test("users: self reads and changes (not the role); admins read all, change roles, delete; emails masked for others", arguments: Who.allCases)
    func users(_ who: Who) {
        let p = Self.policy(who)
        let admin = who == .author || who == .otherAdmin
        #expect(p.canRead(Self.player) == (who == .player || admin))
        #expect(p.canChangeProfile(of: Self.player.id) == (who == .player))
        #expect(p.canChangeRoles == admin)
        #expect(p.canDelete(userId: Self.player.id) == (who == .player || admin))
        #expect(p.canReadEmail(of: Self.author) == admin)
        #expect(p.canReadEmail(of: Self.player) == (who == .player || admin))
    }

    @Test("progress: own read and changed; admins read all, change none", arguments: Who.allCases)
    func progress(_ who: Who) {
        let p = Self.policy(who)
        let progress = PlayerProgress(userId: Self.player.id, scenarioId: ObjectId(), currentSceneId: ObjectId())
        #expect(p.canRead(progress) == (who == .player || who == .author || who == .otherAdmin))
        #expect(p.canChange(progress) == (who == .player))
    }

    @Test("assets: public read by all; private by uploader and admins; changed by the uploader only", arguments: Who.allCases)
    func assets(_ who: Who) {
        let p = Self.policy(who)
        let shared = Asset(type: .image, name: "a", uploadedBy: Self.author.id, isPublic: true)
        let hidden = Asset(type: .image, name: "b", uploadedBy: Self.author.id, isPublic: false)
        #expect(p.canRead(shared))
        #expect(p.canRead(hidden) == (who == .author || who == .otherAdmin))
        #expect(p.canChange(shared) == (who == .author))
        #expect(p.canChange(hidden) == (who == .author))
        #expect(p.canAttach(shared) && p.canAttach(hidden) == (who == .author))
    }
}
