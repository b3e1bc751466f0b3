import Foundation
import Protocols

extension PlayerState {
    /// The state after `effects`, applied in order.
    /// - Throws: ``EffectError/notANumber(variable:value:)`` when `add` meets a variable that
    ///   holds something other than a number, ``EffectError/outOfRange(variable:)`` when a sum
    ///   is no longer a finite number. Nothing is applied then.
    public func applying(_ effects: [Effect]) throws(EffectError) -> PlayerState {
        var next = self
        for effect in effects {
            switch effect {
            case .set(let name, let value):
                next.vars[name] = value
            case .add(let name, let amount):
                next.vars[name] = try Self.sum(next.vars[name], amount, variable: name)
            }
        }
        return next
    }

    /// `current + amount`; a variable not set (or `null`) counts as 0. Whole numbers stay `.int`
    /// while they fit, as JavaScript would print them.
    private static func sum(_ current: JSONValue?, _ amount: JSONValue, variable: String) throws(EffectError) -> JSONValue {
        let base = current ?? .int(0)
        switch (base, amount) {
        case (.null, _):
            return amount
        case (.int(let x), .int(let y)):
            let (result, overflow) = x.addingReportingOverflow(y)
            if !overflow { return .int(result) }
            return .double(Double(x) + Double(y))
        default:
            guard let x = base.doubleValue else { throw .notANumber(variable: variable, value: base) }
            let result = x + (amount.doubleValue ?? 0)
            guard result.isFinite else { throw .outOfRange(variable: variable) }
            return JavaScript.number(result)
        }
    }
}
