package io.mig4j.samples.drapublisher;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlLoader;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.nvml.FakeNvml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link DraPublisher} until the JVM is stopped (Ctrl+C, SIGTERM: the Lease is released on the way out).
 *
 * <pre>
 * usage: dra-publisher --node NAME [--mig-parted FILE] [--identity ID] [--namespace NS]
 *                      [--fake PRODUCT[xN]] [--allow-mig-changes] [--testkit]
 * </pre>
 * The cluster is the one of the kubeconfig ({@code KUBECONFIG}, {@code ~/.kube/config}, or the pod's service
 * account), or with {@code --testkit} an in-JVM {@link MockKubeApiServer} whose kubeconfig is printed (use it with
 * kubectl). The GPUs are the real ones through NVML, or with {@code --fake} a {@link FakeNvml} node. On real GPUs the
 * label's config is applied only with {@code --allow-mig-changes}; without it the state becomes {@code failed}.
 */
public final class Main {
    private Main() {
    }

    /** Starts the publisher and blocks; exit code 2 for bad arguments, 1 when NVML or the cluster cannot be used. */
    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err, new CountDownLatch(1));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs until {@code stop} opens; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) throws Exception {
        Options o;
        MigPartedConfig config;
        try {
            o = Options.parse(args);
            config = o.migParted == null ? null : MigPartedConfig.read(o.migParted);
        } catch (IllegalArgumentException | IOException e) {
            err.println("dra-publisher: " + e.getMessage());
            return 2;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Nvml nvml = o.fake == null ? NvmlLoader.load() : fake(o.fake);
            resources.add(nvml);
            nvml.init();
            MigManager manager = MigManager.builder(nvml).allowMutations(o.fake != null || o.allowMigChanges).build();
            KubernetesClient client;
            if (o.testkit) {
                MockKubeApiServer server = MockKubeApiServer.start();
                resources.add(server);
                client = server.client();
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName(o.node).endMetadata().build())
                        .create();
                Path kubeconfig = server.writeKubeconfig(Path.of(System.getProperty("java.io.tmpdir"),
                        "dra-publisher-" + ProcessHandle.current().pid() + ".kubeconfig"));
                out.println("testkit API server: " + server.url() + "; kubeconfig " + kubeconfig);
            } else {
                client = new KubernetesClientBuilder().build();
                resources.add(client);
            }
            DraPublisher publisher = DraPublisher.builder(client, manager, o.node).migPartedConfig(config)
                    .identity(o.identity).leaseNamespace(o.namespace).build();
            resources.add(publisher);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            publisher.start();
            out.println("dra-publisher " + o.identity + " for node " + o.node + " started (Lease "
                    + o.namespace + "/mig4j-dra-publisher-" + o.node + ")");
            stop.await();
            return 0;
        } catch (NvmlException e) {
            err.println("dra-publisher: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("dra-publisher: " + e.getMessage());   // e.g. an unknown product in --fake
            return 2;
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }

    private static FakeNvml fake(String spec) {
        int x = spec.lastIndexOf('x');
        String product = x > 0 && spec.substring(x + 1).matches("[0-9]+") ? spec.substring(0, x) : spec;
        int count = product.equals(spec) ? 1 : Integer.parseInt(spec.substring(x + 1));
        return FakeNvml.builder().gpus(product, count).resetOnMigModeChange(true).build();
    }

    /** The command line. */
    static final class Options {
        String node = System.getenv("NODE_NAME");
        Path migParted;
        String identity = System.getenv().getOrDefault("POD_NAME", "dra-publisher-" + ProcessHandle.current().pid());
        String namespace = System.getenv().getOrDefault("POD_NAMESPACE", "default");
        String fake;
        boolean allowMigChanges;
        boolean testkit;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--node" -> o.node = value(args, ++i, "--node");
                    case "--mig-parted" -> o.migParted = Path.of(value(args, ++i, "--mig-parted"));
                    case "--identity" -> o.identity = value(args, ++i, "--identity");
                    case "--namespace" -> o.namespace = value(args, ++i, "--namespace");
                    case "--fake" -> o.fake = value(args, ++i, "--fake");
                    case "--allow-mig-changes" -> o.allowMigChanges = true;
                    case "--testkit" -> o.testkit = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (options: --node,"
                            + " --mig-parted, --identity, --namespace, --fake, --allow-mig-changes, --testkit)");
                }
            }
            if (o.node == null || o.node.isBlank()) {
                throw new IllegalArgumentException("--node: Required value (or set NODE_NAME, e.g. from the pod's"
                        + " spec.nodeName)");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
