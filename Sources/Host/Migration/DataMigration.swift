import Foundation
import Protocols

/// Copies every user, scenario, asset, scene, choice and progress record (history included) from one
/// store to another with their ids, and, given a ``MediaTransfer``, the assets' files between storages,
/// rewriting each asset's storage key and URL for the target (`story-server migrate-data`).
///
/// A run reads both sides first and plans: an entity the target lacks is to be written; one the target
/// holds with the same digest (``EntityDigest``) is left alone; one it holds with another content, an
/// email or a player's (user, scenario) taken by another id, or a file whose SHA-256 differs, is a
/// conflict, and a run with conflicts writes nothing (``MigrationError/conflicts(_:)``). It then writes
/// in dependency order, one entity at a time (a file before its asset record), so a run stopped anywhere
/// is resumed by running it again, and a run after a complete one writes nothing. At the end it reads
/// every entity back from the target and compares digests, and the SHA-256 of every copied file.
struct DataMigration: Sendable {
    let source: any StoryStore
    let target: any StoryStore
    var media: MediaTransfer?
    var observer: any MigrationObserver = SilentObserver()

    /// The assets as the target must hold them, with the SHA-256 of their source files.
    private struct AssetPlan {
        var expected: [ObjectId: Asset] = [:]
        var fileDigests: [ObjectId: String] = [:]
        /// Assets to write, with the source key of their file (`nil`: none to copy).
        var pending: [(asset: Asset, sourceKey: String?)] = []
        var filesPresent = 0
        /// The assets whose files this run copied.
        var copiedFiles: Set<ObjectId> = []
    }

    func run() async throws -> MigrationReport {
        let snapshot = try await StoreSnapshot.read(source)
        let existing = try await snapshot.counterparts(in: target)
        var report = MigrationReport()
        var conflicts: [MigrationConflict] = []

        let users = try await plan(.users, snapshot.users, existing.users.byId, &conflicts, &report)
        for user in users {
            if let other = try await target.user(email: user.email), other.id != user.id {
                conflicts.append(MigrationConflict(
                    kind: .users, id: user.id, reason: "its email \(user.email) belongs to user \(other.id.hexString) in the target"))
            }
        }
        let scenarios = try await plan(.scenarios, snapshot.scenarios, existing.scenarios.byId, &conflicts, &report)
        var assets = try await planAssets(snapshot.assets, existing.assets.byId, &conflicts)
        report.alreadyPresent[.assets] = snapshot.assets.count - assets.pending.count
        report.filesPresent = assets.filesPresent
        let scenes = try await plan(.scenes, snapshot.scenes, existing.scenes.byId, &conflicts, &report)
        let choices = try await plan(.choices, snapshot.choices, existing.choices.byId, &conflicts, &report)
        let progress = try await plan(.progress, snapshot.progress, existing.progress.byId, &conflicts, &report)
        for record in progress {
            if let other = try await target.progress(.userAndScenario(record.userId, record.scenarioId)).first {
                conflicts.append(MigrationConflict(
                    kind: .progress, id: record.id,
                    reason: "user \(record.userId.hexString) already has progress \(other.id.hexString) on scenario \(record.scenarioId.hexString) in the target"))
            }
        }
        guard conflicts.isEmpty else { throw MigrationError.conflicts(conflicts) }

        report.copied[.users] = try await write(.users, users) { try await target.insertUser($0) }
        report.copied[.scenarios] = try await write(.scenarios, scenarios) { try await target.insertScenario($0) }
        try await writeAssets(&assets, &report)
        report.copied[.scenes] = try await write(.scenes, scenes) { try await target.insertScene($0) }
        report.copied[.choices] = try await write(.choices, choices) { try await target.insertChoice($0) }
        report.copied[.progress] = try await write(.progress, progress) { try await target.insertProgress($0) }

        try await verify(snapshot, assets, &report)
        return report
    }

    // MARK: Planning

    /// The entities of `kind` the target lacks; a conflict for each it holds with another content.
    private func plan<T: Identifiable & Encodable>(
        _ kind: EntityKind, _ entities: [T], _ existing: [ObjectId: T],
        _ conflicts: inout [MigrationConflict], _ report: inout MigrationReport
    ) async throws -> [T] where T.ID == ObjectId {
        var missing: [T] = []
        var present = 0
        for entity in entities {
            guard let stored = existing[entity.id] else {
                missing.append(entity)
                continue
            }
            if let difference = Self.difference(expected: entity, stored: stored) {
                conflicts.append(MigrationConflict(kind: kind, id: entity.id, reason: difference))
            } else {
                present += 1
            }
        }
        report.alreadyPresent[kind] = present
        return missing
    }

    /// Plans the assets: without media, as the other entities; with it, an asset the target holds must
    /// name a file there with the source file's SHA-256 and equal the source apart from key and URL.
    private func planAssets(
        _ assets: [Asset], _ existing: [ObjectId: Asset], _ conflicts: inout [MigrationConflict]
    ) async throws -> AssetPlan {
        var plan = AssetPlan()
        let sourceKeys = try await media?.sourceKeysByName() ?? [:]
        for asset in assets {
            let sourceKey = media.flatMap { _ in MediaTransfer.sourceKey(of: asset, among: sourceKeys) }
            guard let stored = existing[asset.id] else {
                plan.pending.append((asset, sourceKey))
                continue
            }
            guard let media, let sourceKey else {
                plan.expected[asset.id] = asset
                if let difference = Self.difference(expected: asset, stored: stored) {
                    conflicts.append(MigrationConflict(kind: .assets, id: asset.id, reason: difference))
                }
                continue
            }
            guard let targetKey = stored.migrationStorageKey else {
                conflicts.append(MigrationConflict(kind: .assets, id: asset.id, reason: "it names no file in the target storage"))
                continue
            }
            let expected = MediaTransfer.rewritten(asset, key: targetKey, url: stored.url)
            if let difference = Self.difference(expected: expected, stored: stored) {
                conflicts.append(MigrationConflict(kind: .assets, id: asset.id, reason: difference))
                continue
            }
            let digest = EntityDigest.ofBytes(try await media.load(sourceKey: sourceKey, of: asset))
            guard let bytes = try await media.loadTarget(key: targetKey) else {
                conflicts.append(MigrationConflict(kind: .assets, id: asset.id, reason: "its file \(targetKey) is missing from the target storage"))
                continue
            }
            let targetDigest = EntityDigest.ofBytes(bytes)
            guard targetDigest == digest else {
                conflicts.append(MigrationConflict(
                    kind: .assets, id: asset.id,
                    reason: "its file \(targetKey) in the target storage differs from the source's (SHA-256 \(targetDigest.prefix(12))… vs \(digest.prefix(12))…)"))
                continue
            }
            plan.expected[asset.id] = expected
            plan.fileDigests[asset.id] = digest
            plan.filesPresent += 1
        }
        return plan
    }

    /// `nil` when `stored` has `expected`'s digest; otherwise which fields differ.
    static func difference<T: Encodable>(expected: T, stored: T) -> String? {
        let a = EntityDigest.canonicalJSON(expected), b = EntityDigest.canonicalJSON(stored)
        guard a != b else { return nil }
        let left = (try? JSONValue(parsing: a))?.objectValue ?? [:]
        let right = (try? JSONValue(parsing: b))?.objectValue ?? [:]
        let fields = Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }.sorted()
        return "the target holds it with different content (\(fields.joined(separator: ", ")))"
    }

    // MARK: Writing

    /// Inserts `entities` one by one, checking for cancellation before each; how many were written.
    private func write<T: Sendable>(_ kind: EntityKind, _ entities: [T], _ insert: (T) async throws -> Void) async throws -> Int {
        let step = "copying \(kind.rawValue)"
        observer.started(step, total: entities.count)
        for (index, entity) in entities.enumerated() {
            try Task.checkCancellation()
            try await insert(entity)
            observer.advanced(step, done: index + 1, total: entities.count)
        }
        observer.finished(step, total: entities.count)
        return entities.count
    }

    /// Copies each pending asset's file (when there is one to copy), then inserts the asset as rewritten.
    private func writeAssets(_ plan: inout AssetPlan, _ report: inout MigrationReport) async throws {
        let step = media == nil ? "copying assets" : "copying assets and files"
        observer.started(step, total: plan.pending.count)
        for (index, item) in plan.pending.enumerated() {
            try Task.checkCancellation()
            var asset = item.asset
            if let media, let sourceKey = item.sourceKey {
                let bytes = try await media.load(sourceKey: sourceKey, of: asset)
                asset = try await media.copy(bytes, of: asset, sourceKey: sourceKey)
                plan.fileDigests[asset.id] = EntityDigest.ofBytes(bytes)
                plan.copiedFiles.insert(asset.id)
                report.filesCopied += 1
            }
            try await target.insertAsset(asset)
            plan.expected[asset.id] = asset
            observer.advanced(step, done: index + 1, total: plan.pending.count)
        }
        observer.finished(step, total: plan.pending.count)
        report.copied[.assets] = plan.pending.count
    }

    // MARK: Verifying

    /// Reads every entity back from the target and compares digests, and the SHA-256 of each file
    /// copied by this run (those already there were compared while planning).
    private func verify(_ snapshot: StoreSnapshot, _ assets: AssetPlan, _ report: inout MigrationReport) async throws {
        let step = "verifying"
        let copiedFiles = assets.copiedFiles.count
        observer.started(step, total: snapshot.count + copiedFiles)
        let stored = try await snapshot.counterparts(in: target)
        var problems: [String] = []
        var verified = 0
        func check<T: Identifiable & Encodable>(_ kind: EntityKind, _ expected: [T], _ found: [T]) where T.ID == ObjectId {
            let byId = found.byId
            var missing = 0
            for entity in expected {
                if let stored = byId[entity.id], EntityDigest.of(stored) == EntityDigest.of(entity) {
                    verified += 1
                } else if byId[entity.id] == nil {
                    missing += 1
                } else {
                    problems.append("\(kind.singular) \(entity.id.hexString) differs in the target")
                }
            }
            if missing > 0 { problems.append("\(missing) of \(expected.count) \(kind.rawValue) are missing from the target") }
        }
        check(.users, snapshot.users, stored.users)
        check(.scenarios, snapshot.scenarios, stored.scenarios)
        check(.assets, snapshot.assets.compactMap { assets.expected[$0.id] }, stored.assets)
        check(.scenes, snapshot.scenes, stored.scenes)
        check(.choices, snapshot.choices, stored.choices)
        check(.progress, snapshot.progress, stored.progress)
        observer.advanced(step, done: snapshot.count, total: snapshot.count + copiedFiles)
        var files = assets.filesPresent
        if let media {
            for asset in snapshot.assets {
                guard assets.copiedFiles.contains(asset.id), let digest = assets.fileDigests[asset.id],
                    let expected = assets.expected[asset.id], let key = expected.migrationStorageKey
                else { continue }
                try Task.checkCancellation()
                if let bytes = try await media.loadTarget(key: key), EntityDigest.ofBytes(bytes) == digest {
                    files += 1
                } else {
                    problems.append("file \(key) of asset \(asset.id.hexString) is not the source's in the target storage")
                }
            }
        }
        observer.finished(step, total: snapshot.count + copiedFiles)
        guard problems.isEmpty else { throw MigrationError.verificationFailed(problems) }
        report.verifiedEntities = verified
        report.verifiedFiles = files
    }
}
