import Testing

@testable import Host

@Suite("Document nesting, measured before the parser runs")
struct DocumentNestingTests {
    @Test("brackets, braces and parentheses all count, whatever they are used for")
    func counts() {
        #expect(DocumentNesting.depth(of: "") == 0)
        #expect(DocumentNesting.depth(of: "{ me { email } }") == 2)
        #expect(DocumentNesting.depth(of: "{ node(id: [[1]]) { id } }") == 4)
        #expect(DocumentNesting.depth(of: "mutation { a(input: {b: {c: 1}}) { ok } }") == 4)
        #expect(DocumentNesting.depth(of: String(repeating: "[", count: 5000)) == 5000)
    }

    @Test("brackets inside strings, block strings and comments do not count")
    func skipsText() {
        #expect(DocumentNesting.depth(of: #"{ a(x: "{{{[[[(((") }"#) == 2)
        #expect(DocumentNesting.depth(of: #"{ a(x: "\"{{{") }"#) == 2, "an escaped quote does not end the string")
        #expect(DocumentNesting.depth(of: "{ a(x: \"\"\"{{{ \" \"\" [[[\"\"\") }") == 2)
        #expect(DocumentNesting.depth(of: "{ a(x: \"\"\"\\\"\"\" {{{ \"\"\") }") == 2, #"\""" does not end a block string"#)
        #expect(DocumentNesting.depth(of: "{ # {{{{{{\n me }") == 1)
        #expect(DocumentNesting.depth(of: "{ a(x: \"\") { b } }") == 2, "an empty string is not a block string")
    }

    @Test("the scan is linear: a megabyte takes well under a second")
    func linear() {
        let text = String(repeating: "{ a(x: \"[[[\") # ((( \n", count: 40_000) + String(repeating: "}", count: 40_000)
        let start = ContinuousClock.now
        #expect(DocumentNesting.depth(of: text) == 40_001, "each line opens a brace and, for a moment, a parenthesis")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("aliases are counted in the text, outside parentheses: not arguments, variables, input objects, strings or comments",
          arguments: [
              ("{ a: me { b: id } }", 2),
              ("query($x: Int = 3) { f(arg: {k: 1, l: [{m: 2}]}) @include(if: $x) }", 0),
              (#"{ f(s: "a: b") # c: d"#, 0),
              ("{ x:me y :me,z\t:me }", 3),
              (#"{ f(s: """ q: r """) a: me }"#, 1),
          ])
    func aliasesInText(_ text: String, _ expected: Int) {
        #expect(DocumentNesting.measure(text).aliases == expected)
    }
}
