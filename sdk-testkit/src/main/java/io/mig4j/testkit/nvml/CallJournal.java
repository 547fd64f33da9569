package io.mig4j.testkit.nvml;

import io.mig4j.nvml.NvmlFunction;
import io.mig4j.nvml.NvmlReturn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.locks.Condition;

/** Every NVML call a fake received, oldest first, and how far {@code takeCall} has read. Guarded by the fake's lock. */
final class CallJournal {
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Condition recorded;
    private int taken;

    /** @param recorded signalled on every new call; a condition of the lock that guards this journal */
    CallJournal(Condition recorded) {
        this.recorded = recorded;
    }

    void record(NvmlFunction function, List<Object> args, NvmlReturn result) {
        calls.add(new RecordedCall(function.cName(), args, result));
        recorded.signalAll();
    }

    List<RecordedCall> all() {
        return List.copyOf(calls);
    }

    RecordedCall take() {
        if (taken >= calls.size()) {
            throw new NoSuchElementException("no NVML call left to take (" + calls.size() + " recorded)");
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
        taken = 0;
    }
}
