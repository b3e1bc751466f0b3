import Foundation

/// Reading the client's address from `X-Forwarded-For` behind trusted proxies.
///
/// Each proxy appends the address of the peer it got the request from, so only the right end of the
/// list is written by proxies we trust; anything to the left may be forged by the client. The client
/// is therefore the rightmost address that is not a trusted proxy.
enum ForwardedFor {
    /// The rightmost address of `header` (a comma-separated list, several headers joined by commas)
    /// that is not in `trusted`; the leftmost when every address is trusted; `nil` when there is none.
    static func client(in header: String, trusted: [String]) -> String? {
        let addresses = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return addresses.last { !trusted.contains($0) } ?? addresses.first
    }
}
