package io.mig4j.cli;

import io.mig4j.nvml.ForwardingNvml;
import io.mig4j.nvml.MigPlan;
import io.mig4j.nvml.MigStep;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlFunction;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Progress of a plan being executed ({@code apply}, {@code mig enable|disable}), one line per step on stderr as
 * each step starts, so a user watching several GPUs being repartitioned sees where it is: {@code mig4j: [3/8]
 * GPU 1: create GPU instance 3g.40gb ...}. Shown only when the CLI runs in a terminal (scripts and pipes get
 * nothing extra); {@code -Dmig4j.progress=always|never} overrides that.
 */
final class Progress {
    private final PrintWriter err;
    private final List<MigStep> steps;
    private final int gpus;
    private int next;

    private Progress(PrintWriter err, MigPlan plan) {
        this.err = err;
        this.steps = plan.steps();
        this.gpus = (int) steps.stream().mapToInt(MigStep::gpu).distinct().count();
    }

    /** Whether progress is shown: in a terminal, unless {@code -Dmig4j.progress} says otherwise. */
    static boolean enabled() {
        String setting = System.getProperty("mig4j.progress", "auto");
        if (setting.equals("always")) {
            return true;
        }
        if (setting.equals("never")) {
            return false;
        }
        return isTerminal(System.console());
    }

    /**
     * Whether the console is a terminal. From JDK 22 {@code System.console()} is there even when the streams are
     * redirected and {@code Console.isTerminal()} tells; before 22 a console exists only on a terminal.
     */
    static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only when stdin and stdout are a terminal
        }
    }

    /** The NVML that executes {@code plan}, reporting each step on {@code err} when {@code show}; else {@code nvml}. */
    static Nvml track(Nvml nvml, MigPlan plan, PrintWriter err, boolean show) {
        if (!show || plan.isEmpty()) {
            return nvml;
        }
        Progress progress = new Progress(err, plan);
        progress.start();
        return new ForwardingNvml(nvml) {
            @Override
            protected void beforeCall(NvmlFunction function) {
                progress.called(function);
            }
        };
    }

    private void start() {
        err.println("mig4j: executing " + steps.size() + " step" + (steps.size() == 1 ? "" : "s") + " on " + gpus
                + " GPU" + (gpus == 1 ? "" : "s") + " (GPU" + (gpus == 1 ? " " : "s ")
                + steps.stream().map(s -> String.valueOf(s.gpu())).distinct().collect(Collectors.joining(", ")) + ")");
        err.flush();
    }

    /** A mutating NVML call starts the next plan step of its kind (steps of a GPU left pending are skipped). */
    void called(NvmlFunction function) {
        if (!function.mutating()) {
            return;
        }
        for (int i = next; i < steps.size(); i++) {
            if (matches(steps.get(i), function)) {
                next = i + 1;
                err.println(line(next, steps.size(), steps.get(i)));
                err.flush();
                return;
            }
        }
    }

    /** One progress line: {@code mig4j: [i/n] GPU g: what}. */
    static String line(int index, int total, MigStep step) {
        return "mig4j: [" + index + "/" + total + "] " + Main.oneLine(step.toString());
    }

    private static boolean matches(MigStep step, NvmlFunction f) {
        if (step instanceof MigStep.SetMigMode) {
            return f == NvmlFunction.DEVICE_SET_MIG_MODE;
        }
        if (step instanceof MigStep.DestroyComputeInstance) {
            return f == NvmlFunction.COMPUTE_INSTANCE_DESTROY;
        }
        if (step instanceof MigStep.DestroyGpuInstance) {
            return f == NvmlFunction.GPU_INSTANCE_DESTROY;
        }
        if (step instanceof MigStep.CreateGpuInstance) {
            return f == NvmlFunction.DEVICE_CREATE_GPU_INSTANCE || f == NvmlFunction.DEVICE_CREATE_GPU_INSTANCE_WITH_PLACEMENT;
        }
        if (step instanceof MigStep.CreateComputeInstance) {
            return f == NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE
                    || f == NvmlFunction.GPU_INSTANCE_CREATE_COMPUTE_INSTANCE_WITH_PLACEMENT;
        }
        return false;
    }
}
