package io.mig4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code mig4j demo} shows: steps, each with narration and the artefacts the running fake cluster produced
 * (tables, YAML, nvidia-smi-style listings). In text mode every line is printed as it is added, so the story reads
 * as it happens; the whole transcript is also kept for {@code --json}.
 */
final class DemoTranscript {
    private final PrintWriter out;
    private final List<Step> steps = new ArrayList<>();

    /** A transcript that prints as it goes to {@code out}, or only records when {@code out} is null. */
    DemoTranscript(PrintWriter out) {
        this.out = out;
    }

    /** Starts step {@code number} of the recipe's story. */
    Step step(int number, String title) {
        finish();
        Step s = new Step(number, title);
        steps.add(s);
        if (out != null) {
            String head = "== Step " + number + ": " + title + " ";
            out.println();
            out.println(head + "=".repeat(Math.max(3, 100 - head.length())));
            out.flush();
        }
        return s;
    }

    /** Ends the current step (its time is taken from its start to here). */
    void finish() {
        if (!steps.isEmpty() && steps.get(steps.size() - 1).endedNanos == 0) {
            steps.get(steps.size() - 1).endedNanos = System.nanoTime();
        }
    }

    List<Step> steps() {
        return steps;
    }

    /** The transcript as a JSON-ready map: {@code steps[]} with {@code narration[]} and {@code artefacts[]}. */
    List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.number);
            m.put("title", s.title);
            m.put("millis", ((s.endedNanos == 0 ? System.nanoTime() : s.endedNanos) - s.startedNanos) / 1_000_000);
            m.put("narration", s.narration);
            m.put("artefacts", s.artefacts);
            out.add(m);
        }
        return out;
    }

    /** One step: what it says and what it produced. */
    final class Step {
        private final int number;
        private final String title;
        private final List<String> narration = new ArrayList<>();
        private final List<Map<String, Object>> artefacts = new ArrayList<>();
        private final long startedNanos = System.nanoTime();
        private long endedNanos;

        private Step(int number, String title) {
            this.number = number;
            this.title = title;
        }

        int number() {
            return number;
        }

        /** A sentence of the story. */
        Step say(String line) {
            narration.add(line);
            if (out != null) {
                out.println(line);
                out.flush();
            }
            return this;
        }

        /**
         * An artefact: {@code text} as the user would see it (a table, YAML, command output) and {@code data}, the
         * same facts for machines (null when the text is all there is).
         */
        Step artefact(String name, String format, String text, Object data) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", name);
            a.put("format", format);
            a.put("text", text);
            if (data != null) {
                a.put("data", data);
            }
            artefacts.add(a);
            if (out != null) {
                out.println("--- " + name);
                out.print(text.endsWith("\n") ? text : text + "\n");
                out.flush();
            }
            return this;
        }

        /** The artefacts so far (tests and the JSON transcript read them). */
        List<Map<String, Object>> artefacts() {
            return artefacts;
        }
    }
}
