import Protocols

/// `GenerationJobStore` as a queue shared by workers: claiming, leases and outcomes.
enum JobQueueCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("claiming takes the oldest queued job of the given kinds and marks it running under a lease") { store in
            let newer = Fixture.job(.image, at: 20)
            let older = Fixture.job(.image, at: 10)
            let oldestOtherKind = Fixture.job(.speech, at: 5)
            for job in [newer, older, oldestOtherKind] { try await store.insertJob(job) }
            let claimed = try unwrap(
                try await store.claimJob(kinds: [.image, .music], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160)),
                "the claimed job")
            try expectEqual(claimed.id, older.id, "the claimed job")
            try expectEqual(claimed.status, .running, "status")
            try expectEqual(claimed.leaseOwner, "w1", "leaseOwner")
            try expectEqual(claimed.leaseExpiresAt?.milliseconds, Fixture.time(160).milliseconds, "leaseExpiresAt")
            try expectEqual(claimed.attempts, 1, "attempts")
            try expectSame(try await store.jobs(ids: [older.id]).first, claimed, "the stored job")
            try expectEqual(try await store.jobs(ids: [newer.id]).first?.status, .queued, "the newer job's status")
        },
        StoreConformanceCase("claiming answers nil when no job of those kinds is claimable") { store in
            try expect(
                try await store.claimJob(kinds: [.image], owner: "w1", now: Fixture.time(0), leaseUntil: Fixture.time(60)) == nil,
                "claiming from an empty queue")
            var done = Fixture.job(.image, at: 1)
            done.status = .succeeded
            var failed = Fixture.job(.image, at: 2)
            failed.status = .failed
            for job in [done, failed, Fixture.job(.music, at: 3)] { try await store.insertJob(job) }
            try expect(
                try await store.claimJob(kinds: [.image, .speech], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160))
                    == nil, "finished jobs and other kinds must not be claimed")
        },
        StoreConformanceCase("claiming leaves a queued job alone until its runAfter has passed") { store in
            let job = Fixture.job(.music, at: 0, runAfter: 200)
            try await store.insertJob(job)
            try expect(
                try await store.claimJob(kinds: [.music], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160)) == nil,
                "a job whose runAfter is ahead must wait")
            let claimed = try await store.claimJob(
                kinds: [.music], owner: "w1", now: Fixture.time(201), leaseUntil: Fixture.time(260))
            try expectEqual(claimed?.id, job.id, "the job once runAfter has passed")
        },
        StoreConformanceCase("a running job is not claimed while its lease holds, and is reclaimed with one more attempt once it expires") { store in
            let job = Fixture.job(.image, at: 0)
            try await store.insertJob(job)
            _ = try await store.claimJob(kinds: [.image], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(110))
            try expect(
                try await store.claimJob(kinds: [.image], owner: "w2", now: Fixture.time(105), leaseUntil: Fixture.time(165)) == nil,
                "a held lease must keep the job")
            let reclaimed = try unwrap(
                try await store.claimJob(kinds: [.image], owner: "w2", now: Fixture.time(111), leaseUntil: Fixture.time(171)),
                "the job after its lease expired")
            try expectEqual(reclaimed.id, job.id, "the reclaimed job")
            try expectEqual(reclaimed.leaseOwner, "w2", "the new owner")
            try expectEqual(reclaimed.attempts, 2, "attempts")
            try expect(
                try await !store.renewLease(jobId: job.id, owner: "w1", leaseUntil: Fixture.time(200), progress: 0.5),
                "the former owner must not renew the lease")
            try expect(
                try await !store.finishJob(jobId: job.id, owner: "w1", outcome: .failed(message: "late"), at: Fixture.time(112)),
                "the former owner must not finish the job")
        },
        StoreConformanceCase("twenty concurrent claims over five jobs hand out each job exactly once") { store in
            let jobs = (0..<5).map { Fixture.job(.image, at: Double($0)) }
            for job in jobs { try await store.insertJob(job) }
            let claimed = try await withThrowingTaskGroup(of: GenerationJob?.self) { group in
                for worker in 0..<20 {
                    group.addTask {
                        try await store.claimJob(
                            kinds: [.image], owner: "worker-\(worker)", now: Fixture.time(100), leaseUntil: Fixture.time(160))
                    }
                }
                var results: [GenerationJob] = []
                for try await job in group { if let job { results.append(job) } }
                return results
            }
            try expectEqual(claimed.count, 5, "claims that got a job")
            try expectEqual(Set(claimed.map(\.id)), Set(jobs.map(\.id)), "the jobs handed out")
            let stored = try await store.jobs(ids: jobs.map(\.id))
            for job in claimed {
                let record = try unwrap(stored.first { $0.id == job.id }, "the stored job")
                try expectEqual(record.leaseOwner, job.leaseOwner, "the owner stored for \(job.id)")
                try expectEqual(record.attempts, 1, "attempts of \(job.id)")
            }
        },
        StoreConformanceCase("the lease owner renews the lease and records progress; anyone else is refused") { store in
            let job = Fixture.job(.speech, at: 0)
            try await store.insertJob(job)
            _ = try await store.claimJob(kinds: [.speech], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(130))
            try expect(
                try await store.renewLease(jobId: job.id, owner: "w1", leaseUntil: Fixture.time(190), progress: 0.4),
                "the owner must renew")
            let renewed = try unwrap(try await store.jobs(ids: [job.id]).first, "the job")
            try expectEqual(renewed.leaseExpiresAt?.milliseconds, Fixture.time(190).milliseconds, "leaseExpiresAt")
            try expectEqual(renewed.progress, 0.4, "progress")
            try expect(
                try await !store.renewLease(jobId: job.id, owner: "w2", leaseUntil: Fixture.time(300), progress: nil),
                "another worker must not renew")
            try expect(
                try await !store.renewLease(jobId: ObjectId(), owner: "w1", leaseUntil: Fixture.time(300), progress: nil),
                "renewing a missing job")
            try expectEqual(
                try await store.jobs(ids: [job.id]).first?.leaseExpiresAt?.milliseconds, Fixture.time(190).milliseconds,
                "leaseExpiresAt after the refused renewal")
        },
        StoreConformanceCase("a job finished as succeeded records its result asset") { store in
            let job = Fixture.job(.image, at: 0)
            try await store.insertJob(job)
            _ = try await store.claimJob(kinds: [.image], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160))
            let asset = ObjectId()
            try expect(
                try await store.finishJob(jobId: job.id, owner: "w1", outcome: .succeeded(assetId: asset), at: Fixture.time(120)),
                "the owner must finish")
            let done = try unwrap(try await store.jobs(ids: [job.id]).first, "the job")
            try expectEqual(done.status, .succeeded, "status")
            try expectEqual(done.resultAssetId, asset, "resultAssetId")
            try expect(done.isFinished, "the job must be finished")
            try expect(
                try await store.claimJob(kinds: [.image], owner: "w2", now: Fixture.time(1000), leaseUntil: Fixture.time(1060)) == nil,
                "a succeeded job must never be claimed again")
        },
        StoreConformanceCase("a job finished as retry goes back to the queue and waits until retryAt") { store in
            let job = Fixture.job(.music, at: 0)
            try await store.insertJob(job)
            _ = try await store.claimJob(kinds: [.music], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160))
            try expect(
                try await store.finishJob(
                    jobId: job.id, owner: "w1", outcome: .retry(message: "model loading", retryAt: Fixture.time(130)),
                    at: Fixture.time(110)),
                "the owner must report a retry")
            let queued = try unwrap(try await store.jobs(ids: [job.id]).first, "the job")
            try expectEqual(queued.status, .queued, "status")
            try expectEqual(queued.runAfter.milliseconds, Fixture.time(130).milliseconds, "runAfter")
            try expectEqual(queued.errorMessage, "model loading", "errorMessage")
            try expect(
                try await store.claimJob(kinds: [.music], owner: "w2", now: Fixture.time(120), leaseUntil: Fixture.time(180)) == nil,
                "the job must wait until retryAt")
            let again = try await store.claimJob(kinds: [.music], owner: "w2", now: Fixture.time(131), leaseUntil: Fixture.time(190))
            try expectEqual(again?.id, job.id, "the job claimed after retryAt")
            try expectEqual(again?.attempts, 2, "attempts")
        },
        StoreConformanceCase("a job finished as failed records the message and is not claimed again") { store in
            let job = Fixture.job(.speech, at: 0)
            try await store.insertJob(job)
            _ = try await store.claimJob(kinds: [.speech], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160))
            try expect(
                try await store.finishJob(
                    jobId: job.id, owner: "w1", outcome: .failed(message: "bad prompt"), at: Fixture.time(110)),
                "the owner must report the failure")
            let failed = try unwrap(try await store.jobs(ids: [job.id]).first, "the job")
            try expectEqual(failed.status, .failed, "status")
            try expectEqual(failed.errorMessage, "bad prompt", "errorMessage")
            try expect(
                try await store.claimJob(kinds: [.speech], owner: "w2", now: Fixture.time(1000), leaseUntil: Fixture.time(1060)) == nil,
                "a failed job must never be claimed again")
        },
        StoreConformanceCase("finishing a job one does not hold is refused and changes nothing") { store in
            let job = Fixture.job(.image, at: 0)
            try await store.insertJob(job)
            try expect(
                try await !store.finishJob(jobId: job.id, owner: "w1", outcome: .failed(message: "x"), at: Fixture.time(1)),
                "finishing a queued job nobody claimed")
            _ = try await store.claimJob(kinds: [.image], owner: "w1", now: Fixture.time(100), leaseUntil: Fixture.time(160))
            try expect(
                try await !store.finishJob(
                    jobId: job.id, owner: "w2", outcome: .succeeded(assetId: ObjectId()), at: Fixture.time(110)),
                "finishing another worker's job")
            try expect(
                try await !store.finishJob(jobId: ObjectId(), owner: "w1", outcome: .failed(message: "x"), at: Fixture.time(110)),
                "finishing a missing job")
            let stored = try unwrap(try await store.jobs(ids: [job.id]).first, "the job")
            try expectEqual(stored.status, .running, "status")
            try expectEqual(stored.leaseOwner, "w1", "leaseOwner")
            try expectEqual(stored.resultAssetId, nil, "resultAssetId")
        },
    ]
}
