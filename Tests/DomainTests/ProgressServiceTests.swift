import Domain
import Foundation
import Protocols
import Testing

@Suite("ProgressService: playing a story")
struct ProgressServiceTests {
    @Test("a player starts on the start scene, moves by a choice, and finishes on an end scene", arguments: StoreKind.available)
    func playThrough(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        let (started, created) = try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer)
        #expect(created && started.currentSceneId == story.start.id)
        let moved = try await world.progress.record(started.id, to: story.middle.id, by: story.toMiddle.id, metadata: nil, access: world.asPlayer)
        #expect(moved.history.map(\.sceneId) == [story.start.id, story.middle.id])
        let done = try await world.progress.record(started.id, to: story.end.id, by: nil, metadata: nil, access: world.asPlayer)
        #expect(done.isCompleted)
    }

    @Test("a time update racing a move keeps the move: totalTimeSpent commutes and is applied again", arguments: StoreKind.available)
    func timeUpdatesNeverEraseMoves(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        for round in 1...12 {
            let story = try await world.story()
            let (progress, _) = try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer)
            async let move = world.progress.record(progress.id, to: story.middle.id, by: story.toMiddle.id, metadata: nil, access: world.asPlayer)
            async let time = world.progress.update(progress.id, currentSceneId: nil, totalTimeSpent: round, by: world.asPlayer)
            _ = try await (move, time)
            let stored = try #require(try await world.progress.progress(progress.id, by: world.asPlayer))
            #expect(stored.history.count == 2, "round \(round): the acknowledged move is kept")
            #expect(stored.currentSceneId == story.middle.id)
            #expect(stored.totalTimeSpent == round, "round \(round): the acknowledged time is kept")
        }
    }

    @Test("going back racing a move: one of them answers that the progress moved, none is lost silently", arguments: StoreKind.available)
    func goingBackRacingAMove(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        for _ in 1...8 {
            let story = try await world.story()
            let (progress, _) = try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer)
            _ = try await world.progress.record(progress.id, to: story.middle.id, by: story.toMiddle.id, metadata: nil, access: world.asPlayer)
            async let move = outcome { try await world.progress.record(progress.id, to: story.end.id, by: story.toEnd.id, metadata: nil, access: world.asPlayer) }
            async let back = outcome { try await world.progress.goBack(progress.id, steps: 1, by: world.asPlayer) }
            let (moved, wentBack) = await (move, back)
            let stored = try #require(try await world.progress.progress(progress.id, by: world.asPlayer))
            switch (moved, wentBack) {
            case (.success, .success):
                // The move landed, then going back read the new record and undid it.
                #expect(stored.history.map(\.sceneId) == [story.start.id, story.middle.id])
            case (.success, .failure(let error)):
                #expect(error == .conflict(ProgressService.movedMessage))
                #expect(stored.history.last?.sceneId == story.end.id, "the acknowledged move is kept")
            case (.failure(let error), .success):
                // Going back landed first: the move found the record moved, or no longer at its scene.
                #expect(error == .conflict(ProgressService.movedMessage)
                    || error == .invalid(field: "choiceId", reason: "choiceId does not leave the current scene"))
                #expect(stored.history.map(\.sceneId) == [story.start.id], "the acknowledged going back is kept")
            case (.failure(let a), .failure(let b)):
                Issue.record("both refused: \(a), \(b)")
            }
        }
    }

    @Test("unpublishing pauses players: moves are refused with a clear message, the progress is kept, and publishing resumes it", arguments: StoreKind.available)
    func unpublishingPauses(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        let (progress, _) = try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer)
        _ = try await world.stories.updateScenario(story.scenario.id, ScenarioChanges(isPublished: false), by: world.asAuthor)
        await expectRefusal(.conflict(ProgressService.pausedMessage)) {
            try await world.progress.record(progress.id, to: story.middle.id, by: story.toMiddle.id, metadata: nil, access: world.asPlayer)
        }
        await expectRefusal(.conflict(ProgressService.pausedMessage)) {
            try await world.progress.update(progress.id, currentSceneId: nil, totalTimeSpent: 5, by: world.asPlayer)
        }
        await expectRefusal(.notFound("Scenario")) {
            try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: AccessPolicy(viewer: world.otherAdmin))
        }
        #expect(try await world.progress.progress(progress.id, by: world.asPlayer) != nil, "the progress is kept")
        _ = try await world.stories.updateScenario(story.scenario.id, ScenarioChanges(isPublished: true), by: world.asAuthor)
        let moved = try await world.progress.record(progress.id, to: story.middle.id, by: story.toMiddle.id, metadata: nil, access: world.asPlayer)
        #expect(moved.currentSceneId == story.middle.id)
    }

    @Test("starting a story whose scenario is deleted meanwhile leaves no orphan record", arguments: StoreKind.available)
    func startRacingDeletion(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        for _ in 1...8 {
            let story = try await world.story()
            async let start = outcome { try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer).progress }
            async let deletion = outcome { try await world.stories.deleteScenario(story.scenario.id, by: world.asAuthor) }
            let (started, _) = await (start, deletion)
            if case .failure(let error) = started {
                // Deleted before the look-up, or between it and the read of its scenes.
                #expect(error == .notFound("Scenario") || error == .invalid("This scenario has no scenes"))
            }
            #expect(try await world.store.progress(.scenario(story.scenario.id)).isEmpty, "no progress outlives its scenario")
        }
    }

    @Test("an admin reads a player's progress but does not change it; another player reads nothing", arguments: StoreKind.available)
    func whoReadsAndChangesProgress(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let story = try await world.story()
        let (progress, _) = try await world.progress.start(scenarioId: story.scenario.id, at: nil, by: world.asPlayer)
        #expect(try await world.progress.progress(progress.id, by: world.asOtherAdmin)?.id == progress.id)
        await expectRefusal(.forbidden(.notPermitted)) { try await world.progress.goBack(progress.id, steps: 1, by: world.asOtherAdmin) }
        let stranger = User(email: "stranger@example.com", passwordHash: "x", role: .player)
        try await world.store.insertUser(stranger)
        await expectRefusal(.forbidden(.notPermitted)) { try await world.progress.progress(progress.id, by: AccessPolicy(viewer: stranger)) }
        await expectRefusal(.forbidden(.signInRequired)) { try await world.progress.progress(ofUser: world.player.id, by: world.asAnonymous) }
    }
}

/// The result of `body`, its refusal as a value.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, DomainError> {
    do {
        return .success(try await body())
    } catch let error as DomainError {
        return .failure(error)
    } catch {
        return .failure(.unavailable("\(error)"))
    }
}
