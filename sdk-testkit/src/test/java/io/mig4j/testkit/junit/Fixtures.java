package io.mig4j.testkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture test classes through JUnit's {@link EngineTestKit}, as the JUnit Platform would. */
final class Fixtures {
    private Fixtures() {
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
                .selectors(selectClass(fixture)).execute();
    }

    /** JUnit's configuration for concurrent tests with room for {@code threads} at once. */
    static Map<String, String> parallel(int threads) {
        return Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(threads));
    }

    /** What the failed tests threw. */
    static List<Throwable> testFailures(EngineExecutionResults results) {
        return failures(results.testEvents().failed().list());
    }

    /** What the failed containers (classes) threw: errors of beforeAll, afterAll, configuration. */
    static List<Throwable> containerFailures(EngineExecutionResults results) {
        return failures(results.containerEvents().failed().list());
    }

    private static List<Throwable> failures(List<Event> events) {
        return events.stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
                .map(r -> r.getThrowable().orElseThrow()).toList();
    }

    /** The report entries published, in order. */
    static List<ReportEntry> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow()).toList();
    }
}
