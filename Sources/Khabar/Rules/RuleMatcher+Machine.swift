/// The Pike virtual machine that runs one rule from one start token.
extension RuleMatcher {
  struct Thread {
    var pc: Int
    /// Start and end token of each capture (-1: not set), inline: copying a thread allocates
    /// nothing.
    ///
    /// Rules have at most `RuleCompiler.maximumCaptures` captures.
    var captures: Captures
  }

  /// The machine's working memory, reused across runs and grown on demand.
  ///
  /// Raw buffers rather than arrays: the machine queues and reads threads in its innermost
  /// loop, where an array of per-position arrays paid for uniqueness checks, copy-on-write
  /// copies and reference counting on every access (a fifth of the whole run time).
  final class Machine {
    /// `visited[pc] == stamp`: instruction `pc` was entered at the current (run, position).
    private(set) var visited: UnsafeMutablePointer<Int>
    private var visitedCapacity = 0
    private(set) var stamp = 0
    /// Queued threads; `next[i]` links thread `i` to the next one queued at the same position.
    private(set) var pool: UnsafeMutablePointer<Thread>
    private(set) var next: UnsafeMutablePointer<Int32>
    private var poolCount = 0
    private var poolCapacity = 64
    /// Per position relative to the run's start: first and last queued thread (-1: none).
    private(set) var head: UnsafeMutablePointer<Int32>
    private var tail: UnsafeMutablePointer<Int32>
    /// The furthest position with a queued thread in this run.
    private(set) var furthest = 0
    /// The depth-first stack of one epsilon closure: at most two entries per instruction.
    private(set) var stack: UnsafeMutablePointer<Thread>
    private var stackCapacity = 0

    init() {
      visited = .allocate(capacity: 0)
      pool = .allocate(capacity: poolCapacity)
      next = .allocate(capacity: poolCapacity)
      head = .allocate(capacity: RuleMatcher.maximumMatchLength + 1)
      head.initialize(repeating: -1, count: RuleMatcher.maximumMatchLength + 1)
      tail = .allocate(capacity: RuleMatcher.maximumMatchLength + 1)
      tail.initialize(repeating: -1, count: RuleMatcher.maximumMatchLength + 1)
      stack = .allocate(capacity: 0)
    }

    deinit {
      visited.deallocate()
      pool.deallocate()
      next.deallocate()
      head.deallocate()
      tail.deallocate()
      stack.deallocate()
    }

    /// Empties the queues for a run of a program of `instructions` instructions.
    func begin(instructions: Int) {
      if visitedCapacity < instructions {
        visited.deallocate()
        visited = .allocate(capacity: instructions)
        visited.initialize(repeating: -1, count: instructions)
        visitedCapacity = instructions
        stack.deallocate()
        stackCapacity = 2 * instructions + 2
        stack = .allocate(capacity: stackCapacity)
      }
      for i in 0...furthest {
        head[i] = -1
        tail[i] = -1
      }
      furthest = 0
      poolCount = 0
    }

    /// A new stamp for the closure at one position.
    @inline(__always)
    func nextStamp() -> Int {
      stamp += 1
      return stamp
    }

    /// Queues `thread` at position `offset` (relative to the run's start), after the threads
    /// already queued there.
    @inline(__always)
    func enqueue(_ thread: Thread, at offset: Int) {
      if poolCount == poolCapacity { growPool() }
      pool.advanced(by: poolCount).initialize(to: thread)
      next[poolCount] = -1
      let i = Int32(poolCount)
      if tail[offset] >= 0 { next[Int(tail[offset])] = i } else { head[offset] = i }
      tail[offset] = i
      if offset > furthest { furthest = offset }
      poolCount += 1
    }

    private func growPool() {
      let capacity = poolCapacity * 2
      let newPool = UnsafeMutablePointer<Thread>.allocate(capacity: capacity)
      newPool.moveInitialize(from: pool, count: poolCount)
      pool.deallocate()
      pool = newPool
      let newNext = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
      newNext.moveInitialize(from: next, count: poolCount)
      next.deallocate()
      next = newNext
      poolCapacity = capacity
    }
  }

  /// The longest match of `rule` starting at token `start`, with its captures.
  ///
  /// A Pike VM: the threads arriving at a position are followed through jumps, splits and
  /// saves depth-first in priority order (first branch of a split first), each instruction
  /// entered once per position; consuming instructions queue their successor at the
  /// position after what they consumed. The longest match wins, and among equally long ones
  /// the thread of highest priority.
  func run(_ rule: CompiledRule, from start: Int, _ entities: EntityIndex, _ machine: Machine) -> (
    Int, Captures
  )? {
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    machine.begin(instructions: rule.program.count)
    machine.enqueue(Thread(pc: 0, captures: Captures(repeating: -1)), at: 0)
    var best: (Int, Captures)?
    return rule.program.withUnsafeBufferPointer { program in
      rule.successors.withUnsafeBufferPointer { successors in
        let stack = machine.stack
        let visited = machine.visited
        var offset = 0
        while offset <= machine.furthest {
          var arrival = machine.head[offset]
          if arrival < 0 {
            offset += 1
            continue
          }
          let position = start + offset
          let stamp = machine.nextStamp()
          while arrival >= 0 {
            stack[0] = machine.pool[Int(arrival)]
            var depth = 1
            while depth > 0 {
              depth -= 1
              var thread = stack[depth]
              // A thread goes on through jumps, saves, looks and the first branch of a split in
              // place, the second branch stacked: the same depth-first order as stacking every
              // step, without moving the thread (its captures) through the stack at each one.
              follow: while visited[thread.pc] != stamp {
                visited[thread.pc] = stamp
                switch program[thread.pc] {
                case .jump(let target):
                  thread.pc = target
                case .split(let first, let second):
                  stack[depth] = Thread(pc: second, captures: thread.captures)
                  depth += 1
                  thread.pc = first
                case .save(let slot):
                  thread.captures[slot] = Int32(position)
                  thread.pc = Int(successors[thread.pc])
                case .look(let index, let behind, let whereNone):
                  guard
                    looks(
                      index, behind: behind, whereNone: whereNone, at: position, from: start,
                      entities)
                  else { break follow }
                  thread.pc = Int(successors[thread.pc])
                case .match:
                  if position > start, position > best?.0 ?? Int.min {
                    best = (position, thread.captures)
                  }
                  break follow
                case .test(let index):
                  if position < limit && passes(index, at: position, entities) {
                    machine.enqueue(
                      Thread(pc: Int(successors[thread.pc]), captures: thread.captures),
                      at: offset + 1)
                  }
                  break follow
                case .phrase(let index):
                  guard position < limit else { break follow }
                  forEachPhraseEnd(index, from: position, limit: limit) { end in
                    machine.enqueue(
                      Thread(pc: Int(successors[thread.pc]), captures: thread.captures),
                      at: end - start)
                  }
                  break follow
                case .entity(let label):
                  if let end = entities.end(label, at: position), end <= limit {
                    machine.enqueue(
                      Thread(pc: Int(successors[thread.pc]), captures: thread.captures),
                      at: end - start)
                  }
                  break follow
                }
              }
            }
            arrival = machine.next[Int(arrival)]
          }
          offset += 1
        }
        return best
      }
    }
  }

  /// Whether a look (`<[…]`, `>[…]`) holds at `position` in a run from `start`: the token
  /// before `position` (`behind`) or at it passes test `index`; where the start's sentence has
  /// no such token, `whereNone`.
  @inline(__always)
  func looks(
    _ index: Int, behind: Bool, whereNone: Bool, at position: Int, from start: Int,
    _ entities: EntityIndex
  ) -> Bool {
    let tokens = text.tokens
    let seen = behind ? position - 1 : position
    guard seen >= 0, seen < tokens.count, tokens[seen].sentence == tokens[start].sentence else {
      return whereNone
    }
    return passes(index, at: seen, entities)
  }

  /// Calls `body` with the token end (exclusive) of each phrase of trie `index` that starts
  /// at `position`, shortest first.
  ///
  /// The first token may carry proclitics; the others must be written as listed.
  @inline(__always)
  func forEachPhraseEnd(_ index: Int, from position: Int, limit: Int, _ body: (Int) -> Void) {
    let root = rules.phrases.roots[index]
    func walk(_ first: Int32) {
      // The trie's first words as a bit set answer most tokens without probing the edges.
      guard rules.phrases.firsts.contains(first, trie: index),
        var node = rules.phrases.edges[root, first]
      else { return }
      var j = position + 1
      if rules.phrases.ends[Int(node)] { body(j) }
      while j < limit, whole[j] >= 0, let next = rules.phrases.edges[node, whole[j]] {
        node = next
        j += 1
        if rules.phrases.ends[Int(node)] { body(j) }
      }
    }
    walk(whole[position])
    if stem[position] != whole[position] { walk(stem[position]) }
  }

}
