import CLame
import Dispatch
import Protocols
import Synchronization

/// Encodes mono 16-bit PCM to MP3 with LAME, off Swift's cooperative pool.
struct MP3Encoder: Sendable {
    /// Constant bit rate in kbit/s.
    var bitRate: Int = 64

    /// The MP3 bytes of `audio`; stops between chunks of a second once the task is cancelled.
    /// - Throws: `CancellationError`, or ``GenerationError/permanent(_:)`` when LAME refuses.
    func encode(_ audio: PCMAudio) async throws -> [UInt8] {
        let cancelled = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(with: Result { try encodeNow(audio, isCancelled: { cancelled.isSet }) })
                }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    private func encodeNow(_ audio: PCMAudio, isCancelled: () -> Bool) throws -> [UInt8] {
        guard let lame = lame_init() else { throw GenerationError.permanent("LAME could not start") }
        defer { lame_close(lame) }
        lame_set_in_samplerate(lame, Int32(audio.sampleRate))
        lame_set_num_channels(lame, 1)
        lame_set_mode(lame, MONO)
        lame_set_brate(lame, Int32(bitRate))
        lame_set_bWriteVbrTag(lame, 0)
        guard lame_init_params(lame) >= 0 else {
            throw GenerationError.permanent("LAME refused its settings (rate \(audio.sampleRate) Hz, \(bitRate) kbit/s)")
        }
        var output: [UInt8] = []
        let chunkSize = max(audio.sampleRate, 1152)
        var buffer = [UInt8](repeating: 0, count: chunkSize * 5 / 4 + 7200)
        var start = 0
        try audio.samples.withUnsafeBufferPointer { samples in
            while start < samples.count {
                if isCancelled() { throw CancellationError() }
                let count = min(chunkSize, samples.count - start)
                let pcm = UnsafeMutablePointer(mutating: samples.baseAddress! + start)
                let written = lame_encode_buffer(lame, pcm, pcm, Int32(count), &buffer, Int32(buffer.count))
                guard written >= 0 else { throw GenerationError.permanent("LAME failed to encode (error \(written))") }
                output += buffer.prefix(Int(written))
                start += count
            }
        }
        let flushed = lame_encode_flush(lame, &buffer, Int32(buffer.count))
        guard flushed >= 0 else { throw GenerationError.permanent("LAME failed to flush (error \(flushed))") }
        output += buffer.prefix(Int(flushed))
        return output
    }
}

/// A flag a cancellation handler raises for work running outside the task.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
