package io.mig4j.cli;

import java.io.PrintWriter;
import java.util.Set;

/** Warnings on stderr that do not change the exit code. */
final class Warnings {
    private Warnings() {
    }

    /**
     * One line per optional NVML function the driver did not answer (an older driver): the command still printed
     * everything else, with the fields that function fills shown as unknown.
     */
    static void unanswered(PrintWriter err, Set<String> functions) {
        for (String f : new java.util.TreeSet<>(functions)) {
            err.println("mig4j: warning: this driver does not answer " + f + "; what it reports is shown as unknown"
                    + " (null in JSON)");
        }
    }
}
