package io.mig4j.cli;

import io.mig4j.api.ProductCatalog;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mig4j serve}: a fake GPU cluster (API server, NVIDIA DRA driver, scheduler, kubelets, controllers) in this
 * process until interrupted, for kubectl: {@code mig4j serve --nodes 1 --gpu A100-80GB --mig-config
 * config-default.yaml -c all-1g.10gb}, then {@code KUBECONFIG=mig4j-kubeconfig.yaml kubectl apply -f ...}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs a fake GPU cluster until interrupted: an API server for kubectl, nodes with fake GPUs,",
                "NVIDIA's DRA driver publishing ResourceSlices, the scheduler, kubelets and controllers."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:the cluster failed", "2:bad input"})
final class ServeCommand implements Callable<Integer> {
    private static final Pattern GPU = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9.+_-]*?)(?:x([0-9]+))?$");

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Number of nodes; with several --gpu, nodes take them in turn (default 1).")
    int nodes;

    @Option(names = "--gpu", paramLabel = "<product>[x<k>]",
            description = "GPU product of the nodes and GPUs per node, e.g. A100-80GB or H100-80GBx8 "
                    + "(repeat for mixed nodes; default A100-80GB).")
    List<String> gpus = new ArrayList<>();

    @Option(names = "--mig-config", paramLabel = "FILE", description = "A mig-parted config file.")
    Path migConfig;

    @Option(names = {"-c", "--config"}, paramLabel = "NAME",
            description = "The config of --mig-config applied to every node at start (the nvidia.com/mig.config label).")
    String configName;

    @Option(names = "--dynamic", description = "Dynamic MIG: slices offer every profile x placement; "
            + "MIG devices are created when a claim is prepared.")
    boolean dynamic;

    @Option(names = "--port", defaultValue = "0", description = "API server port on 127.0.0.1 (default: any free).")
    int port;

    @Option(names = "--kubeconfig", defaultValue = "mig4j-kubeconfig.yaml", paramLabel = "FILE",
            description = "Where to write the kubeconfig for kubectl (default ${DEFAULT-VALUE}).")
    Path kubeconfig;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of generated names and GPU UUIDs.")
    long seed;

    @Override
    public Integer call() throws Exception {
        FakeCluster.Builder b = builder();
        PrintWriter out = spec.commandLine().getOut();
        try (FakeCluster cluster = b.start()) {
            cluster.writeKubeconfig(kubeconfig);
            out.println("API server: " + cluster.server().url());
            out.println("kubeconfig: " + kubeconfig.toAbsolutePath());
            for (FakeNode n : cluster.nodes()) {
                out.println("node " + n.name() + ": " + n.nvml().gpuCount() + " x " + n.product()
                        + (dynamic ? ", dynamic MIG" : ""));
            }
            out.println("export KUBECONFIG=" + kubeconfig.toAbsolutePath() + "   # Ctrl-C stops the cluster");
            out.flush();
            try {
                while (true) {
                    Thread.sleep(1000);
                    RuntimeException e = cluster.backgroundError();
                    if (e != null) {
                        spec.commandLine().getErr().println("mig4j: the cluster failed: " + e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            }
        }
    }

    /** The cluster the options describe; bad options are exit code 2 with one line naming them. */
    FakeCluster.Builder builder() {
        if (nodes < 1) {
            throw new BadInputException("--nodes must be at least 1, got " + nodes);
        }
        if ((migConfig == null) != (configName == null)) {
            throw new BadInputException("--mig-config and -c go together: a mig-parted file and the config to apply");
        }
        List<String> specs = gpus.isEmpty() ? List.of("A100-80GB") : gpus;
        if (specs.size() > nodes) {
            throw new BadInputException(specs.size() + " --gpu values for " + nodes + " node(s): each needs a node");
        }
        FakeCluster.Builder b = FakeCluster.builder().dynamicMig(dynamic).seed(seed).port(port);
        for (int i = 0; i < specs.size(); i++) {
            Matcher m = GPU.matcher(specs.get(i));
            if (!m.matches()) {
                throw new BadInputException("--gpu '" + specs.get(i) + "': expected <product>[x<count>], e.g. "
                        + "H100-80GBx8");
            }
            String product = m.group(1);
            if (ProductCatalog.builtIn().find(product).isEmpty()) {
                throw new BadInputException("--gpu '" + specs.get(i) + "': unknown GPU product '" + product
                        + "' (see 'mig4j products')");
            }
            int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            if (count < 1 || count > 16) {
                throw new BadInputException("--gpu '" + specs.get(i) + "': GPUs per node must be 1 to 16, got "
                        + count);
            }
            int groupNodes = nodes / specs.size() + (i < nodes % specs.size() ? 1 : 0);
            b.nodeGroup(groupNodes, product, count);
        }
        if (migConfig != null) {
            if (!Files.isRegularFile(migConfig)) {
                throw new BadInputException("--mig-config " + migConfig + ": no such file");
            }
            MigPartedConfig config;
            try {
                config = MigPartedConfig.read(migConfig);
            } catch (IOException | RuntimeException e) {
                throw new BadInputException("--mig-config " + migConfig + ": " + e.getMessage());
            }
            try {
                b.migConfig(config, configName);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("-c " + configName + ": " + e.getMessage());
            }
        }
        return b;
    }
}
