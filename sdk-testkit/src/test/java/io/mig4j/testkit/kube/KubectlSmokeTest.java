package io.mig4j.testkit.kube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KubectlSmokeTest {
    static String run(Path kubeconfig, Path cache, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        if (stdin != null) { p.getOutputStream().write(stdin.getBytes()); }
        p.getOutputStream().close();
        p.waitFor(30, TimeUnit.SECONDS);
        return "$ kubectl " + String.join(" ", args) + " -> " + p.exitValue() + "\n" + new String(p.getInputStream().readAllBytes());
    }

    @Test
    void smoke() throws Exception {
        Path dir = Files.createTempDirectory("kc");
        try (MockKubeApiServer server = MockKubeApiServer.start()) {
            Path kc = server.writeKubeconfig(dir.resolve("config"));
            Path cache = dir.resolve("cache");
            String dc = "apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu.nvidia.com\nspec:\n  selectors:\n  - cel:\n      expression: device.driver == 'gpu.nvidia.com'\n";
            System.out.println(run(kc, cache, null, "version"));
            System.out.println(run(kc, cache, null, "api-resources"));
            System.out.println(run(kc, cache, dc, "apply", "-f", "-"));
            System.out.println(run(kc, cache, null, "get", "deviceclasses"));
            System.out.println(run(kc, cache, null, "get", "deviceclass", "gpu.nvidia.com", "-o", "yaml"));
            System.out.println(run(kc, cache, dc.replace("gpu.nvidia.com'", "gpu.nvidia.com' && true"), "apply", "-f", "-"));
            System.out.println(run(kc, cache, dc.replace("gpu.nvidia.com'", "gpu.nvidia.com' && false"), "apply", "--server-side", "-f", "-"));
            System.out.println(run(kc, cache, dc.replace("gpu.nvidia.com'", "gpu.nvidia.com' && false"), "apply", "--server-side", "--force-conflicts", "-f", "-"));
            System.out.println(run(kc, cache, null, "get", "deviceclass", "gpu.nvidia.com", "-o", "yaml", "--show-managed-fields"));
            System.out.println(run(kc, cache, dc.replace("spec:", "spec:\n  suitableNodes: {}"), "apply", "-f", "-"));
            System.out.println(run(kc, cache, null, "get", "deviceclass", "gpu.nvidia.com", "-o", "yaml", "--show-managed-fields"));
            System.out.println(run(kc, cache, null, "label", "deviceclass", "gpu.nvidia.com", "a=b"));
            System.out.println(run(kc, cache, null, "patch", "deviceclass", "gpu.nvidia.com", "-p", "{\"metadata\":{\"annotations\":{\"x\":\"y\"}}}"));
            System.out.println(run(kc, cache, null, "describe", "deviceclass", "gpu.nvidia.com"));
            System.out.println(run(kc, cache, null, "explain", "deviceclass.spec"));
            System.out.println(run(kc, cache, null, "get", "ns"));
            System.out.println(run(kc, cache, null, "delete", "deviceclass", "gpu.nvidia.com"));
            server.requests().forEach(System.out::println);
        }
    }
}
