package io.mig4j.cli;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "manifests", mixinStandardHelpOptions = true,
        description = {"DeviceClasses and ResourceClaimTemplates (v1 YAML) for a product's MIG profiles.",
                "For each profile a class mig-<profile> selecting NVIDIA's MIG devices of that profile, and a template",
                "of the same name asking for one such device. '+' in profile names becomes '.' (DNS names)."})
final class DraManifestsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--product", "--gpu"}, required = true, paramLabel = "<product>", description = ProductOption.DESCRIPTION)
    String gpu;

    @Option(names = "--profiles", split = ",", paramLabel = "<profile>",
            description = "Only these GPU instance profiles (names or IDs), e.g. 1g.10gb,3g.40gb (default: all).")
    List<String> profiles;

    @Option(names = "--namespace", paramLabel = "<ns>",
            description = "Namespace of the templates (default: none, kubectl's context decides).")
    String namespace;

    @Option(names = "--extended-resources",
            description = "Give each class extendedResourceName nvidia.com/mig-<profile>, so pods can ask with"
                    + " resources.limits (Kubernetes 1.36+).")
    boolean extendedResources;

    @Override
    public Integer call() {
        GpuProduct product = ProductOption.resolve(gpu);
        List<GpuInstanceProfile> selected = new ArrayList<>();
        if (profiles == null || profiles.isEmpty()) {
            selected.addAll(product.gpuInstanceProfiles());
        } else {
            for (String p : profiles) {
                GpuInstanceProfile profile = product.profile(p);
                if (!selected.contains(profile)) {
                    selected.add(profile);
                }
            }
        }
        if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new BadInputException("--namespace: '" + namespace + "' is not a valid namespace name (a DNS label)");
        }
        List<Object> objects = new ArrayList<>();
        for (GpuInstanceProfile p : selected) {
            String name = p.name().toString();
            DeviceClasses.Builder dc = DeviceClasses.migProfileBuilder(name);
            if (extendedResources) {
                dc.extendedResourceName(DeviceClasses.migProfileExtendedResourceName(name));
            }
            objects.add(dc.build());
        }
        for (GpuInstanceProfile p : selected) {
            String name = p.name().toString();
            objects.add(DeviceClaims.profileClass(name).template(namespace, DeviceClasses.migProfileClassName(name)));
        }
        spec.commandLine().getOut().print(Manifests.toYaml(objects));
        return ExitCodes.OK;
    }
}
