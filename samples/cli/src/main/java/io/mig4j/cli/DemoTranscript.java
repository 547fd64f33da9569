package io.mig4j.cli;

import io.mig4j.api.layout.SliceMap;
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
    private final PrintWriter progress;
    private final int totalSteps;
    private final List<Step> steps = new ArrayList<>();

    /** A transcript that prints as it goes to {@code out}, or only records when {@code out} is null. */
    DemoTranscript(PrintWriter out) {
        this(out, null, 0);
    }

    /**
     * A transcript that also reports each step as it starts on {@code progress} ({@code mig4j demo: [3/6] ...}),
     * for a person at a terminal while the story itself goes elsewhere (a JSON document, a file); {@code null}: no
     * progress.
     */
    DemoTranscript(PrintWriter out, PrintWriter progress, int totalSteps) {
        this.out = out;
        this.progress = progress;
        this.totalSteps = totalSteps;
    }

    /** Starts step {@code number} of the recipe's story. */
    Step step(int number, String title) {
        finish();
        Step s = new Step(number, title);
        steps.add(s);
        if (progress != null) {
            progress.println("mig4j demo: [" + number + "/" + totalSteps + "] " + title);
            progress.flush();
        }
        if (out != null) {
            String head = "== Step " + number + ": " + title + " ";
            out.println();
            out.println(head + "=".repeat(Math.max(3, 100 - head.length())));
            out.flush();
        }
        return s;
    }

    /**
     * Every slice map the steps drew, in order, each labelled with its step ({@code 4 · node-a100 GPU 0: ...}):
     * the rows of {@code --svg}.
     */
    List<SliceMap> sliceMaps() {
        List<SliceMap> all = new ArrayList<>();
        for (Step s : steps) {
            for (SliceMap m : s.sliceMaps) {
                all.add(m.withLabel("Step " + s.number + " \u00b7 " + m.label()));
            }
        }
        return all;
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
        private final List<SliceMap> sliceMaps = new ArrayList<>();
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

        /** Keeps the slice maps this step drew (shown through {@link #artefact}) for the SVG picture. */
        Step sliceMaps(List<SliceMap> maps) {
            sliceMaps.addAll(maps);
            return this;
        }

        /** The artefacts so far (tests and the JSON transcript read them). */
        List<Map<String, Object>> artefacts() {
            return artefacts;
        }
    }
}
