package io.mig4j.cli;

import io.mig4j.api.ProductCatalog;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.FakeNode;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mig4j serve}: sdk-testkit's in-memory Kubernetes API server for kubectl and any client until interrupted;
 * with {@code --nodes}, {@code --product} (or {@code --gpu}), {@code --mig-config} or {@code --dynamic}, a whole
 * fake GPU cluster behind it (NVIDIA's DRA driver, scheduler, kubelets, controllers): {@code mig4j serve --gpu
 * A100-80GB --mig-config config-default.yaml -c all-1g.10gb --kubeconfig-out k.yaml}, then {@code KUBECONFIG=k.yaml kubectl apply -f ...}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs an in-memory Kubernetes API server (Kubernetes 1.37, resource.k8s.io/v1) on 127.0.0.1",
                "until interrupted (Ctrl+C) and prints how to point kubectl at it. With --nodes, --product, --mig-config",
                "or --dynamic, a fake GPU cluster runs behind it: nodes with fake GPUs, NVIDIA's DRA driver",
                "publishing ResourceSlices, the scheduler, kubelets and controllers."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:the server or the cluster failed", "2:bad input"})
final class ServeCommand implements Callable<Integer> {
    private static final Pattern GPU = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9.+_-]*?)(?:x([0-9]+))?$");

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "TCP port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = {"--kubeconfig-out", "--kubeconfig"}, paramLabel = "<path>",
            description = "Write a kubeconfig for this server to <path> (created or overwritten).")
    Path kubeconfigOut;

    @Option(names = "--tls", description = "Serve HTTPS with a generated self-signed certificate (the kubeconfig "
            + "carries it as certificate-authority-data).")
    boolean tls;

    @Option(names = "--token", paramLabel = "<t>",
            description = "Require 'Authorization: Bearer <t>' on every request (401 otherwise).")
    String token;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Run a fake GPU cluster of N nodes; with several --product, nodes take them in turn (default 1).")
    Integer nodes;

    @Option(names = {"--product", "--gpu"}, paramLabel = "<product>[x<k>]",
            description = "GPU product of the cluster's nodes and GPUs per node, e.g. A100-80GB or H100-80GBx8 "
                    + "(repeat for mixed nodes; default A100-80GB). --gpu is its older name.")
    List<String> gpus = new ArrayList<>();

    @Option(names = "--mig-config", paramLabel = "FILE", description = "A mig-parted config file.")
    Path migConfig;

    @Option(names = {"-c", "--config"}, paramLabel = "NAME",
            description = "The config of --mig-config applied to every node at start (the nvidia.com/mig.config label).")
    String configName;

    @Option(names = "--dynamic", description = "Dynamic MIG: slices offer every profile x placement; "
            + "MIG devices are created when a claim is prepared.")
    boolean dynamic;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of generated names and GPU UUIDs (cluster).")
    long seed;

    /** Counted down to stop serving; tests and the shutdown hook use it. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be between 0 and 65535, got " + port);
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c == 127))) {
            throw new BadInputException("--token must be non-empty printable text without spaces");
        }
        boolean cluster = nodes != null || !gpus.isEmpty() || migConfig != null || configName != null || dynamic;
        FakeCluster.Builder clusterBuilder = cluster ? clusterBuilder() : null;
        AutoCloseable running;
        MockKubeApiServer server;
        try {
            if (cluster) {
                FakeCluster fake = clusterBuilder.start();
                running = fake;
                server = fake.server();
            } else {
                server = MockKubeApiServer.builder().port(port).tls(tls).token(token).start();
                running = server;
            }
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            spec.commandLine().getErr().println("mig4j: cannot serve on 127.0.0.1:" + port + ": " + cause.getMessage());
            return ExitCodes.FAILURE;
        }
        Thread hook = new Thread(() -> {
            stop.countDown();
            closeQuietly(running);
        }, "mig4j-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            printBanner(server, running instanceof FakeCluster ? (FakeCluster) running : null);
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (running instanceof FakeCluster && ((FakeCluster) running).backgroundError() != null) {
                    spec.commandLine().getErr().println("mig4j: the cluster failed: "
                            + ((FakeCluster) running).backgroundError().getMessage());
                }
            }
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            return ExitCodes.OK;
        } finally {
            closeQuietly(running);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook closes the server
            }
        }
    }

    private void printBanner(MockKubeApiServer server, FakeCluster cluster) {
        PrintWriter out = spec.commandLine().getOut();
        if (kubeconfigOut != null) {
            server.writeKubeconfig(kubeconfigOut);
        }
        out.println("mig4j API server (Kubernetes v1.37.0, resource.k8s.io/v1) listening on " + server.url());
        if (cluster != null) {
            for (FakeNode n : cluster.nodes()) {
                out.println("node " + n.name() + ": " + n.nvml().gpuCount() + " x " + n.product()
                        + (dynamic ? ", dynamic MIG" : ""));
            }
        }
        if (kubeconfigOut != null) {
            out.println("kubeconfig written to " + kubeconfigOut.toAbsolutePath());
            out.println("  export KUBECONFIG=" + kubeconfigOut.toAbsolutePath());
            out.println("  kubectl get " + (cluster != null ? "nodes" : "namespaces"));
        } else if (tls) {
            out.println("  kubectl --server " + server.url() + " --insecure-skip-tls-verify"
                    + (token == null ? "" : " --token " + token) + " get namespaces");
            out.println("  (or pass --kubeconfig-out <path> to get a kubeconfig that trusts the certificate)");
        } else {
            out.println("  kubectl --server " + server.url() + (token == null ? "" : " --token " + token)
                    + " get namespaces");
        }
        out.println("State lives in memory only. Press Ctrl+C to stop.");
        out.flush();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // stopping: nothing left to report to
        }
    }

    /** The cluster the options describe; bad options are exit code 2 with one line naming them. */
    FakeCluster.Builder clusterBuilder() {
        int nodeCount = nodes == null ? 1 : nodes;
        if (nodeCount < 1) {
            throw new BadInputException("--nodes must be at least 1, got " + nodeCount);
        }
        if ((migConfig == null) != (configName == null)) {
            throw new BadInputException("--mig-config and -c go together: a mig-parted file and the config to apply");
        }
        List<String> specs = gpus.isEmpty() ? List.of("A100-80GB") : gpus;
        if (specs.size() > nodeCount) {
            throw new BadInputException(specs.size() + " --product values for " + nodeCount + " node(s): each needs a node");
        }
        FakeCluster.Builder b = FakeCluster.builder().dynamicMig(dynamic).seed(seed).port(port).tls(tls).token(token);
        for (int i = 0; i < specs.size(); i++) {
            Matcher m = GPU.matcher(specs.get(i));
            if (!m.matches()) {
                throw new BadInputException("--product '" + specs.get(i) + "': expected <product>[x<count>], e.g. "
                        + "H100-80GBx8");
            }
            String product = m.group(1);
            if (ProductCatalog.builtIn().find(product).isEmpty()) {
                throw new BadInputException("--product '" + specs.get(i) + "': unknown GPU product '" + product
                        + "' (see 'mig4j products')");
            }
            int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            if (count < 1 || count > 16) {
                throw new BadInputException("--product '" + specs.get(i) + "': GPUs per node must be 1 to 16, got "
                        + count);
            }
            int groupNodes = nodeCount / specs.size() + (i < nodeCount % specs.size() ? 1 : 0);
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
