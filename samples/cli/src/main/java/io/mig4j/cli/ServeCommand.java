package io.mig4j.cli;

import io.mig4j.testkit.kube.MockKubeApiServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mig4j serve}: the in-JVM Kubernetes API server of sdk-testkit, for kubectl and any client, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run an in-memory Kubernetes API server (MockKubeApiServer, Kubernetes 1.37 with",
                "resource.k8s.io/v1) on 127.0.0.1 until interrupted (Ctrl+C), and print how to point kubectl at it."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "TCP port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--kubeconfig-out", paramLabel = "<path>",
            description = "Write a kubeconfig for this server to <path> (created or overwritten).")
    Path kubeconfigOut;

    @Option(names = "--tls", description = "Serve HTTPS with a generated self-signed certificate (the kubeconfig "
            + "carries it as certificate-authority-data).")
    boolean tls;

    @Option(names = "--token", paramLabel = "<t>",
            description = "Require 'Authorization: Bearer <t>' on every request (401 otherwise).")
    String token;

    /** Counted down to stop the server; tests and the shutdown hook use it. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be between 0 and 65535, got " + port);
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c == 127))) {
            throw new BadInputException("--token must be non-empty printable text without spaces");
        }
        PrintWriter out = spec.commandLine().getOut();
        MockKubeApiServer server;
        try {
            server = MockKubeApiServer.builder().port(port).tls(tls).token(token).start();
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
            server.close();
        }, "mig4j-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (kubeconfigOut != null) {
                server.writeKubeconfig(kubeconfigOut);
            }
            out.println("mig4j API server (Kubernetes v1.37.0, resource.k8s.io/v1) listening on " + server.url());
            if (kubeconfigOut != null) {
                out.println("kubeconfig written to " + kubeconfigOut.toAbsolutePath());
                out.println("  export KUBECONFIG=" + kubeconfigOut.toAbsolutePath());
                out.println("  kubectl get namespaces");
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
            stop.await();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            return ExitCodes.OK;
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook closes the server
            }
        }
    }
}
