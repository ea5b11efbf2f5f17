#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value guarded by a plain `pthread_mutex_t`, with the same `withLock` shape as `Mutex`.
///
/// Why not `Synchronization.Mutex`: on Linux it is a priority-inheritance futex, and under
/// contention every waiter goes through the kernel's rt-mutex path (`futex_lock_pi`). With one
/// connection thread per client and the mock's whole state behind one lock, that was the largest
/// single cost under load (about a third of the CPU with 32 connections on 2 cores, in `perf`).
/// A pthread mutex waits on a plain futex; on glibc it is the adaptive kind, which spins briefly
/// before sleeping. Critical sections must stay short and must not re-enter the lock. The mock
/// uses one for its mock-wide state, one per tenant's resources, and one for the journal.
final class StateLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
            // Spins briefly before sleeping: critical sections here are a few dictionary operations,
            // shorter than the futex sleep and wake a contended plain mutex costs.
            pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
