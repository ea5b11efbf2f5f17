import Foundation
import Synchronization

/// Runs a connection's handler tasks on the connection's own thread.
///
/// The handler is async, so it must run on some executor. On the shared concurrency pool (as
/// many threads as cores: two on CI) it stalls whenever other work occupies the pool, such as
/// CPU-heavy synchronous tests running in parallel, and the connection thread waiting for it
/// then answers nothing for as long as that lasts. Instead the connection thread drives its
/// handler: the handler task prefers this executor, its jobs queue here, and `run(_:)` runs them
/// on the calling thread until the handler has answered. Structured child tasks and default
/// actors the handler awaits run here too (task executor preference, SE-0417), so a request is
/// answered even while every pool thread is busy.
final class ConnectionExecutor: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var response: HTTPResponse?
    private var draining = false

    /// Queues a job of a task that prefers this executor. While no `run(_:)` is draining (a job
    /// enqueued after the handler answered, or a task that outlives its connection), the job goes
    /// to the global executor, so it still runs instead of leaking.
    func enqueue(_ job: consuming ExecutorJob) {
        condition.lock()
        guard draining else {
            condition.unlock()
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(UnownedJob(job))
        condition.signal()
        condition.unlock()
    }

    /// Runs `handler` for `request` as a task that prefers this executor, runs that task's jobs on
    /// the calling thread, and returns the handler's response.
    func run(_ handler: any HTTPHandler, _ request: HTTPRequest) -> HTTPResponse {
        condition.lock()
        response = nil
        draining = true
        condition.unlock()
        Task(executorPreference: self) {
            let answer = await handler.handle(request)
            self.finish(answer)
        }
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && response == nil { condition.wait() }
            if jobs.isEmpty, let answer = response {
                draining = false
                response = nil
                condition.unlock()
                return answer
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
        }
    }

    private func finish(_ answer: HTTPResponse) {
        condition.lock()
        response = answer
        condition.signal()
        condition.unlock()
    }
}
