import Domain
import Protocols
import Testing

@Suite("StoryService: scenarios, scenes and choices")
struct StoryServiceTests {
    @Test("a draft is read and changed by its author only: not by another admin, a player or a visitor", arguments: StoreKind.available)
    func drafts(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story(published: false)
        #expect(try await world.stories.scenario(story.scenario.id, by: world.asAuthor).id == story.scenario.id)
        for access in [world.asOtherAdmin, world.asPlayer, world.asAnonymous] {
            await expectRefusal(.notFound("Scenario")) { try await world.stories.scenario(story.scenario.id, by: access) }
            await expectRefusal(.notFound("Scene")) { try await world.stories.scene(story.start.id, by: access) }
            await expectRefusal(.notFound("Choice")) { try await world.stories.choice(story.toMiddle.id, by: access) }
            #expect(try await world.stories.scenarios(publishedOnly: false, by: access).isEmpty)
        }
    }

    @Test("a published story is read by everyone and changed by its author only", arguments: StoreKind.available)
    func published(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        for access in [world.asOtherAdmin, world.asPlayer, world.asAnonymous] {
            #expect(try await world.stories.scenes(ofScenario: story.scenario.id, by: access).count == 3)
        }
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.stories.updateScenario(story.scenario.id, ScenarioChanges(title: "Mine"), by: world.asOtherAdmin)
        }
        await expectRefusal(.forbidden(.notPermitted)) { try await world.stories.deleteScene(story.end.id, by: world.asPlayer) }
        await expectRefusal(.forbidden(.signInRequired)) { try await world.stories.deleteChoices([story.toEnd.id], by: world.asAnonymous) }
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.stories.createScenario(ScenarioChanges(title: "Mine"), by: world.asPlayer)
        }
    }

    @Test("an author attaches their own and public assets to a scene, never another user's private asset", arguments: StoreKind.available)
    func attachingAssets(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        let theirs = Asset(type: .image, name: "private", uploadedBy: world.otherAdmin.id, isPublic: false)
        let shared = Asset(type: .image, name: "public", uploadedBy: world.otherAdmin.id, isPublic: true)
        for asset in [theirs, shared] { try await world.store.insertAsset(asset) }
        await expectRefusal(.notFound("Asset imageId")) {
            try await world.stories.updateScene(story.start.id, SceneChanges(slots: [.image: theirs.id]), by: world.asAuthor)
        }
        let scene = try await world.stories.updateScene(story.start.id, SceneChanges(slots: [.image: shared.id]), by: world.asAuthor)
        #expect(scene.imageId == shared.id)
    }

    @Test("choices link scenes of one scenario", arguments: StoreKind.available)
    func choicesStayInTheirScenario(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let one = try await world.story()
        let two = try await world.story()
        await expectRefusal(.invalid(field: "toSceneId", reason: "toSceneId must be a scene of the same scenario")) {
            try await world.stories.createChoice(from: one.start.id, ChoiceChanges(toSceneId: two.end.id, text: "Away"), by: world.asAuthor)
        }
    }

    @Test("deleting a scenario deletes its progress records", arguments: StoreKind.available)
    func deletionTakesProgress(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        _ = try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer)
        let summary = try await world.stories.deleteScenario(story.scenario.id, by: world.asAuthor)
        #expect(summary.scenes == 3)
        #expect(try await world.store.progress(.user(world.player.id)).isEmpty)
    }

    @Test("deleting a scenario deletes the assets its author uploaded that no other scene uses, and keeps another user's, a legacy one and a shared one", arguments: StoreKind.available)
    func deletionTakesOnlyUnusedOwnAssets(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        let other = try await world.story()
        let own = Asset(type: .image, name: "own", uploadedBy: world.author.id, isPublic: false)
        let someoneElses = Asset(type: .sound, name: "theirs", uploadedBy: world.otherAdmin.id)
        let legacy = Asset(type: .sound, name: "legacy", uploadedBy: nil)
        let shared = Asset(type: .image, name: "shared", uploadedBy: world.author.id)
        for asset in [own, someoneElses, legacy, shared] { try await world.store.insertAsset(asset) }
        _ = try await world.stories.updateScene(
            story.start.id, SceneChanges(slots: [.image: own.id, .sound: someoneElses.id, .music: legacy.id]), by: world.asAuthor)
        _ = try await world.stories.updateScene(story.middle.id, SceneChanges(slots: [.image: shared.id]), by: world.asAuthor)
        _ = try await world.stories.updateScene(other.start.id, SceneChanges(slots: [.image: shared.id]), by: world.asAuthor)
        let summary = try await world.stories.deleteScenario(story.scenario.id, by: world.asAuthor)
        #expect(summary.assets.map(\.id) == [own.id])
        #expect(Set(try await world.store.assets(AssetFilter()).map(\.id)) == [someoneElses.id, legacy.id, shared.id])
        #expect(try await world.store.scenes(ids: [other.start.id]).first?.imageId == shared.id)
    }
}
