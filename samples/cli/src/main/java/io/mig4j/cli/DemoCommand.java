package io.mig4j.cli;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mig4j demo}: the recipe "MIG GPU Partitioning with DRA" end to end on an embedded fake cluster (no GPU, no
 * cluster needed), narrated step by step with the real artefacts each step produces: MIG mode, the mig-parted plan
 * and layout, ResourceSlices, what is wrong with the recipe's YAML and the corrected objects, the pods and the MIG
 * devices they got (or why they wait), mig-manager's reconfiguration, and the monitoring views.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the recipe 'MIG GPU Partitioning with DRA' on an embedded fake cluster",
                "(an A100-80GB node and an H100-80GB node by default; no GPU or cluster needed) and",
                "narrates each step with what it produced:",
                "  1 enable MIG;  2 apply the recipe's mig-parted config;",
                "  3 ResourceSlices, each mistake of the recipe's YAML with its fix, and the",
                "    corrected DeviceClasses and claim templates;",
                "  4 the recipe's workloads: the MIG device each pod got, or why it waits;",
                "  5 reconfigure to all-1g.10gb through mig-manager's node label;",
                "  6 the monitoring views (nvidia-smi -L, mig -lgi/-lci, resourceclaims).",
                "--nvml and --kubeconfig first read this machine's GPUs and a real cluster,",
                "read-only (server-side dry-run).",
                "Examples: mig4j demo;  mig4j demo --dynamic --json;  mig4j demo --keep-running"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the demo ran", "1:a step failed (or the real GPUs / cluster could not be read)",
                "2:bad input"})
final class DemoCommand implements Callable<Integer> {
    static final List<String> DEFAULT_GPUS = List.of("A100-80GB", "H100-80GB");
    /** The steps of the story. */
    static final int STEPS = 6;

    @Spec
    CommandSpec spec;

    @Option(names = {"--gpu", "--product"}, split = ",", paramLabel = "<product>",
            description = "GPU products, one node of one GPU each (default: A100-80GB,H100-80GB).")
    List<String> gpus;

    @Option(names = "--config", paramLabel = "<name>", defaultValue = "mixed-workload",
            description = "The config of the recipe's mig-parted file applied in step 2 (default: ${DEFAULT-VALUE};"
                    + " also all-1g.10gb, all-balanced, training-optimized).")
    String configName;

    @Option(names = "--dynamic", description = "Dynamic MIG: NVIDIA's driver creates MIG devices when claims are"
            + " prepared, instead of mig-manager's fixed layout.")
    boolean dynamic;

    @Option(names = "--json", description = "Print one JSON document: the transcript, steps with their artefacts.")
    boolean json;

    @Option(names = "--keep-running", description = "Afterwards keep the cluster and serve its API for kubectl"
            + " (prints the kubeconfig path) until Ctrl+C.")
    boolean keepRunning;

    @Option(names = "--svg", paramLabel = "<file>", description = "Also write the slice maps of the steps that"
            + " change the GPUs (2, 4 and 5) as an SVG diagram to <file>: one GPU per row, each instance marked with"
            + " the pod that holds it.")
    Path svg;

    @Option(names = "--step", description = "Pause after each step until Enter is pressed.")
    boolean step;

    @Option(names = "--nvml", description = "Also read this machine's GPUs through NVML (inventory, profiles);"
            + " read-only.")
    boolean nvml;

    @Option(names = "--kubeconfig", paramLabel = "<file>", description = "Also check the recipe against this real"
            + " cluster: nodes, ResourceSlices, DeviceClasses, and server-side dry-run of the recipe's and the"
            + " corrected objects; read-only.")
    Path kubeconfig;

    /** Counted down to stop {@code --keep-running}; tests and the shutdown hook use it. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Where {@code --keep-running} wrote the kubeconfig (tests read it). */
    volatile Path keptKubeconfig;

    @Override
    public Integer call() throws Exception {
        List<String> products = products();
        MigPartedConfig migParted = DemoRecipe.migPartedConfig();
        if (migParted.entries(configName).isEmpty()) {
            throw new BadInputException("--config '" + configName + "': the recipe's mig-parted file has no such"
                    + " config (configs: " + String.join(", ", migParted.configNames()) + ")");
        }
        checkConfigFits(products, migParted);
        if (svg != null) {
            PictureOptions.checkWritable(svg); // found before the demo runs, not after it
        }
        if (kubeconfig != null && !Files.isRegularFile(kubeconfig)) {
            throw new BadInputException("--kubeconfig " + kubeconfig + ": no such file");
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        // in a terminal, progress goes to stderr when the story itself does not show each step as it starts
        boolean progress = Progress.enabled() && (json || !Main.stdoutIsTerminal.getAsBoolean());
        DemoTranscript transcript = new DemoTranscript(json ? null : out,
                progress ? spec.commandLine().getErr() : null, STEPS);
        if (!json) {
            out.println("mig4j demo: the recipe \"MIG GPU Partitioning with DRA\" on an embedded fake cluster ("
                    + String.join(" + ", products) + (dynamic ? ", dynamic MIG" : "") + "; no GPU or cluster needed)");
        }
        if (nvml) {
            DemoReal.nvml(transcript);
        }
        if (kubeconfig != null) {
            DemoReal.cluster(transcript, kubeconfig);
        }
        FakeCluster.Builder b = FakeCluster.builder().migPartedFile(migParted).migEnabled(false).dynamicMig(dynamic)
                .reconcileInBackground(false); // the story decides when the controllers run (awaitIdle)
        for (String p : products) {
            b.nodeGroup(1, p, 1);
        }
        long clusterStarting = System.nanoTime();
        try (FakeCluster cluster = b.start()) {
            long clusterStartMillis = (System.nanoTime() - clusterStarting) / 1_000_000;
            // colours only where a person reads the text (a terminal, NO_COLOR unset, TERM not dumb)
            boolean color = !json && io.mig4j.cli.render.ColorMode.AUTO.useColor(System.getenv(),
                    Main.stdoutIsTerminal.getAsBoolean());
            DemoStory story = new DemoStory(cluster, transcript, migParted, configName, dynamic, color);
            DemoWorkloads workloads = new DemoWorkloads(story);
            List<Runnable> steps = List.of(story::enableMig, story::applyMigConfig, story::publishAndCorrect,
                    workloads::deploy, workloads::reconfigure, workloads::monitor);
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).run();
                if (step && i < steps.size() - 1 && !json) {
                    pause(out);
                }
            }
            transcript.finish();
            if (svg != null) {
                PictureOptions.writeSvg(svg, "mig4j demo: " + String.join(" + ", products) + ", '" + configName + "'"
                        + (dynamic ? ", dynamic MIG" : "") + ": the GPUs after each step that changed them",
                        transcript.sliceMaps(), null);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("recipe", "MIG GPU Partitioning with DRA");
                doc.put("gpus", products);
                doc.put("config", configName);
                doc.put("dynamic", dynamic);
                doc.put("steps", transcript.toJson());
                doc.put("clusterStartMillis", clusterStartMillis);
                doc.put("elapsedMillis", millis);
                Json.print(out, doc);
            } else {
                out.println();
                out.printf("Done in %.1f s: %d steps of the recipe, corrected, on %d fake node(s).%n", millis / 1000.0,
                        transcript.steps().stream().filter(s -> s.number() > 0).count(), cluster.nodes().size());
            }
            out.flush();
            if (keepRunning) {
                cluster.reconcileInBackground(); // from now on kubectl's changes are reconciled as they come
                // with --json, stdout holds the one JSON document: the serving banner goes to stderr
                keepServing(cluster, json ? spec.commandLine().getErr() : out);
            }
        }
        return ExitCodes.OK;
    }

    private List<String> products() {
        List<String> list = gpus == null || gpus.isEmpty() ? DEFAULT_GPUS : gpus;
        List<String> out = new ArrayList<>();
        for (String p : list) {
            GpuProduct product = ProductCatalog.builtIn().find(p.trim()).orElseThrow(() -> new BadInputException(
                    "--gpu '" + p + "': unknown GPU product (see 'mig4j products')"));
            out.add(product.alias());
        }
        if (out.size() > 8) {
            throw new BadInputException("--gpu: at most 8 products (one node each), got " + out.size());
        }
        return out;
    }

    /** A config that names a profile a product lacks is bad input, found before any cluster starts. */
    private void checkConfigFits(List<String> products, MigPartedConfig migParted) {
        for (String p : products) {
            try (FakeNvml probe = FakeNvml.builder().gpu(p).build()) {
                probe.init();
                MigManager m = MigManager.builder(probe).build();
                m.plan(m.targets(migParted, configName, Set.of()));
                m.plan(m.targets(migParted, DemoWorkloads.RECONFIGURE_TO, Set.of()));
            } catch (RuntimeException e) {
                throw new BadInputException("--config '" + configName + "' does not fit --gpu " + p + ": "
                        + Main.oneLine(e.getMessage()));
            }
        }
    }

    private void pause(PrintWriter out) {
        out.print("[press Enter for the next step] ");
        out.flush();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(InputFile.stdin(), StandardCharsets.UTF_8));
            in.readLine();
        } catch (IOException e) {
            // no terminal to wait on: go on
        }
    }

    private void keepServing(FakeCluster cluster, PrintWriter out) throws IOException {
        Path file = Files.createTempFile("mig4j-demo-", ".kubeconfig");
        cluster.writeKubeconfig(file);
        keptKubeconfig = file;
        out.println("The cluster keeps running: " + cluster.server().url());
        out.println("kubeconfig written to " + file.toAbsolutePath());
        out.println("  export KUBECONFIG=" + file.toAbsolutePath());
        out.println("  kubectl get pods -n " + DemoStory.NAMESPACE + " -o wide; kubectl get resourceclaims -A -o wide");
        out.println("State lives in memory only. Press Ctrl+C to stop.");
        out.flush();
        Thread hook = new Thread(stop::countDown, "mig4j-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (cluster.backgroundError() != null) {
                    spec.commandLine().getErr().println("mig4j: the cluster failed: "
                            + cluster.backgroundError().getMessage());
                }
            }
        } catch (InterruptedException e) {
            // Ctrl+C or the caller's interrupt: stop serving
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down
            }
            Files.deleteIfExists(file);
        }
    }
}
