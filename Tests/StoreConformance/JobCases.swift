import Protocols

/// `GenerationJobStore`: job records and their listings (the queue itself is in ``JobQueueCases``).
enum JobCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted job reads back with every field") { store in
            let job = GenerationJob(
                kind: .speech, parameters: .object(["text": .string("Bonjour"), "language": .string("fr")]),
                requestedBy: ObjectId(), target: JobTarget(sceneId: ObjectId(), slot: .sound), status: .running,
                attempts: 2, maxAttempts: 5, errorMessage: "model loading", resultAssetId: ObjectId(), progress: 0.25,
                leaseOwner: "worker-1", leaseExpiresAt: Fixture.time(90), runAfter: Fixture.time(30),
                createdAt: Fixture.time(10), updatedAt: Fixture.time(60))
            try await store.insertJob(job)
            try expectSame(try await store.jobs(ids: [job.id]), [job], "jobs(ids:)")
        },
        StoreConformanceCase("looking jobs up by ids skips unknown ids") { store in
            let one = Fixture.job(at: 1)
            let two = Fixture.job(at: 2)
            try await store.insertJob(one)
            try await store.insertJob(two)
            try expectEqual(Set(try await store.jobs(ids: [ObjectId(), one.id, two.id]).map(\.id)), [one.id, two.id], "jobs(ids:)")
        },
        StoreConformanceCase("job filters select by scene, status, requester and creation date, newest first") { store in
            let ada = ObjectId()
            let scene = ObjectId()
            let old = Fixture.job(.image, requestedBy: ada, target: JobTarget(sceneId: scene, slot: .image), at: 10)
            var failed = Fixture.job(.music, requestedBy: ada, target: JobTarget(sceneId: scene, slot: .music), at: 20)
            failed.status = .failed
            let others = Fixture.job(.speech, requestedBy: ObjectId(), at: 30)
            for job in [failed, others, old] { try await store.insertJob(job) }
            try expectEqual(try await store.jobs(JobFilter()).map(\.id), [others.id, failed.id, old.id], "no filter")
            try expectEqual(try await store.jobs(JobFilter(sceneId: scene)).map(\.id), [failed.id, old.id], "sceneId")
            try expectEqual(try await store.jobs(JobFilter(status: .queued)).map(\.id), [others.id, old.id], "status")
            try expectEqual(try await store.jobs(JobFilter(requestedBy: ada)).map(\.id), [failed.id, old.id], "requestedBy")
            try expectEqual(
                try await store.jobs(JobFilter(createdSince: Fixture.time(20))).map(\.id), [others.id, failed.id],
                "createdSince (inclusive)")
            try expectEqual(
                try await store.jobs(JobFilter(sceneId: scene, status: .queued, requestedBy: ada)).map(\.id), [old.id],
                "every criterion at once")
        },
    ]
}
