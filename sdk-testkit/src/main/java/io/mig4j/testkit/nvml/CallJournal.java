package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.locks.Condition;

/**
 * The NVML calls a fake received, oldest first, and how far {@code takeCall} has read; the newest {@code capacity}
 * are kept, so a fake that lives for a long run (a node of a fake cluster) does not grow without bound. Guarded by
 * the fake's lock.
 */
final class CallJournal {
    /** Calls kept unless {@link FakeNvml.Builder#journalCapacity(int)} says otherwise. */
    static final int DEFAULT_CAPACITY = 100_000;

    private final List<RecordedCall> calls = new ArrayList<>();
    private final Condition recorded;
    private final int capacity;
    /** Index in {@link #calls} of the oldest call kept; the ones before it are dropped and compacted away in bulk. */
    private int first;
    /** Index in {@link #calls} of the next call to take. */
    private int taken;
    private long dropped;

    /**
     * @param recorded signalled on every new call; a condition of the lock that guards this journal
     * @param capacity how many of the newest calls are kept (0: none)
     */
    CallJournal(Condition recorded, int capacity) {
        this.recorded = recorded;
        this.capacity = capacity;
    }

    void record(NvmlFunction function, List<Object> args, NvmlReturn result) {
        calls.add(new RecordedCall(function.cName(), args, result));
        if (calls.size() - first > capacity) {
            first++;
            dropped++;
            taken = Math.max(taken, first);
            if (first >= 1024 && first >= calls.size() / 2) { // amortized: one copy per capacity-sized batch
                calls.subList(0, first).clear();
                taken -= first;
                first = 0;
            }
        }
        recorded.signalAll();
    }

    List<RecordedCall> all() {
        return List.copyOf(calls.subList(first, calls.size()));
    }

    /** How many calls were dropped because the journal was full. */
    long dropped() {
        return dropped;
    }

    RecordedCall take() {
        if (taken >= calls.size()) {
            throw new NoSuchElementException("no NVML call left to take (" + (calls.size() - first) + " recorded"
                    + (dropped > 0 ? ", " + dropped + " older ones dropped" : "") + ")");
        }
        return calls.get(taken++);
    }

    Optional<RecordedCall> take(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        while (taken >= calls.size()) {
            if (nanos <= 0) {
                return Optional.empty();
            }
            nanos = recorded.awaitNanos(nanos);
        }
        return Optional.of(calls.get(taken++));
    }

    void clear() {
        calls.clear();
        first = 0;
        taken = 0;
        dropped = 0;
    }
}
