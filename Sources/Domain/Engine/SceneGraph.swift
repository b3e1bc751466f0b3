import Foundation

/// The scenes of one story as a directed graph (node = scene index, edge = a choice a player
/// can take), with the linear-time searches validation needs.
struct SceneGraph {
    /// `successors[i]`: the scenes the takeable choices of scene `i` lead to.
    private(set) var successors: [[Int]]
    private var predecessors: [[Int]]

    init(nodeCount: Int) {
        successors = Array(repeating: [], count: nodeCount)
        predecessors = Array(repeating: [], count: nodeCount)
    }

    var nodeCount: Int { successors.count }

    mutating func addEdge(from: Int, to: Int) {
        successors[from].append(to)
        predecessors[to].append(from)
    }

    /// The nodes reachable from `sources` (the sources included).
    func reachable(from sources: [Int]) -> [Bool] {
        search(from: sources, along: successors)
    }

    /// The nodes from which one of `targets` can be reached (the targets included).
    func reaching(_ targets: [Int]) -> [Bool] {
        search(from: targets, along: predecessors)
    }

    private func search(from sources: [Int], along edges: [[Int]]) -> [Bool] {
        var seen = Array(repeating: false, count: nodeCount)
        var queue: [Int] = []
        for s in sources where !seen[s] {
            seen[s] = true
            queue.append(s)
        }
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for w in edges[v] where !seen[w] {
                seen[w] = true
                queue.append(w)
            }
        }
        return seen
    }

    /// The strongly connected components that contain a cycle (several nodes, or one node with
    /// an edge to itself), by Tarjan's algorithm without recursion.
    func cycles() -> [[Int]] {
        let n = nodeCount
        var index = Array(repeating: -1, count: n)
        var low = Array(repeating: 0, count: n)
        var onStack = Array(repeating: false, count: n)
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []
        var frames: [(node: Int, edge: Int)] = []

        func enter(_ v: Int) {
            index[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack[v] = true
            frames.append((v, 0))
        }

        for root in 0..<n where index[root] == -1 {
            enter(root)
            while let (v, e) = frames.last {
                if e < successors[v].count {
                    frames[frames.count - 1].edge += 1
                    let w = successors[v][e]
                    if index[w] == -1 {
                        enter(w)
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { low[parent] = min(low[parent], low[v]) }
                guard low[v] == index[v] else { continue }
                var component: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                if component.count > 1 || successors[v].contains(v) {
                    components.append(component.sorted())
                }
            }
        }
        return components
    }
}
