package io.mig4j.dra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.KubernetesVersion;
import io.mig4j.dra.validation.ValidationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildersTest {
    private static final DraValidator V137 = DraValidator.defaults();

    @Test
    void nvidiaDeviceClassesAreTheChartsAndValid() {
        DeviceClass gpu = DeviceClasses.gpu();
        assertThat(gpu.getApiVersion()).isEqualTo("resource.k8s.io/v1");
        assertThat(gpu.getMetadata().getName()).isEqualTo("gpu.nvidia.com");
        assertThat(gpu.getSpec().getExtendedResourceName()).isEqualTo("nvidia.com/gpu");
        assertThat(DeviceClasses.nvidiaDefaults()).extracting(c -> c.getMetadata().getName())
                .containsExactly("gpu.nvidia.com", "mig.nvidia.com", "vfio.gpu.nvidia.com");
        assertThat(DeviceClasses.mig().getSpec().getExtendedResourceName()).isNull();
        for (DeviceClass dc : DeviceClasses.nvidiaDefaults()) {
            assertThat(V137.validate(dc).clean()).as(dc.getMetadata().getName()).isTrue();
        }
    }

    @Test
    void perProfileClassesHaveDnsNamesExtendedResourcesAndConfig() {
        DeviceClass c = DeviceClasses.migProfileBuilder("1g.10gb+me")
                .extendedResourceName(DeviceClasses.migProfileExtendedResourceName("1g.10gb+me"))
                .config(NvidiaConfig.migTimeSlicing()).build();
        assertThat(c.getMetadata().getName()).isEqualTo("mig-1g.10gb.me");
        assertThat(c.getSpec().getExtendedResourceName()).isEqualTo("nvidia.com/mig-1g.10gb.me");
        assertThat(c.getSpec().getSelectors()).extracting(s -> s.getCel().getExpression()).containsExactly(
                Selectors.nvidiaMig().cel(), "device.attributes['gpu.nvidia.com'].profile == '1g.10gb+me'");
        assertThat(c.getSpec().getConfig().get(0).getOpaque().getParameters()).isEqualTo(Map.of(
                "apiVersion", "resource.nvidia.com/v1beta1", "kind", "MigDeviceConfig",
                "sharing", Map.of("strategy", "TimeSlicing")));
        assertThat(V137.validate(c).clean()).isTrue();
        // extended resources are beta from 1.36: the 1.35 API server drops the field
        assertThat(DraValidator.builder().version(KubernetesVersion.V1_35).build().validate(c).warnings())
                .singleElement().hasToString("spec.extendedResourceName: dropped by the API server of Kubernetes 1.35"
                        + " unless the DRAExtendedResource feature gate is enabled (off by default before 1.36)");
    }

    @Test
    void claimFactoriesBuildTheV1Shapes() {
        DeviceRequest byProfile = DeviceClaims.profile("1g.10gb").spec().getDevices().getRequests().get(0);
        assertThat(byProfile.getName()).isEqualTo("mig");
        assertThat(byProfile.getExactly().getDeviceClassName()).isEqualTo("mig.nvidia.com");
        assertThat(byProfile.getExactly().getCount()).isEqualTo(1L);

        var alternatives = DeviceClaims.firstAvailable("1g.10gb", "2g.20gb").spec().getDevices().getRequests().get(0);
        assertThat(alternatives.getExactly()).isNull();
        assertThat(alternatives.getFirstAvailable()).extracting(s -> s.getName()).containsExactly("1g-10gb", "2g-20gb");

        var same = DeviceClaims.sameGpu(3, "1g.10gb").spec().getDevices();
        assertThat(same.getRequests().get(0).getExactly().getCount()).isEqualTo(3L);
        assertThat(same.getConstraints().get(0).getMatchAttribute()).isEqualTo("gpu.nvidia.com/parentUUID");
        assertThat(same.getConstraints().get(0).getRequests()).containsExactly("mig");

        var all = DeviceClaims.all("mig.nvidia.com").spec().getDevices().getRequests().get(0).getExactly();
        assertThat(all.getAllocationMode()).isEqualTo("All");
        assertThat(all.getCount()).isNull();

        var memory = DeviceClaims.memoryAtLeast("mig.nvidia.com", Quantity.parse("9Gi")).spec().getDevices()
                .getRequests().get(0).getExactly().getSelectors().get(0).getCel().getExpression();
        assertThat(memory).isEqualTo("device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('9Gi')) >= 0");

        var admin = DeviceRequests.exactly("watch", "gpu.nvidia.com").adminAccess().all()
                .toleration(DeviceRequests.toleration(NvidiaDra.TAINT_XID, null, "NoSchedule")).build();
        assertThat(admin.getExactly().getAdminAccess()).isTrue();
        assertThat(admin.getExactly().getTolerations().get(0).getOperator()).isEqualTo("Exists");
    }

    @Test
    void everyFactoryClaimIsValidInEveryVersion() {
        List<ResourceClaimTemplate> templates = List.of(
                DeviceClaims.profile("1g.10gb").template("inference", "small"),
                DeviceClaims.profileClass("3g.40gb").template("inference", "large"),
                DeviceClaims.firstAvailable("1g.10gb", "2g.20gb").template("inference", "small-or-medium"),
                DeviceClaims.sameGpu(2, "1g.10gb").config(NvidiaConfig.migMps(new NvidiaConfig.Mps(50,
                        Quantity.parse("10Gi"), null, null)), "mig").template("inference", "pair"),
                DeviceClaims.all("mig.nvidia.com").template(null, "everything"),
                DeviceClaims.gpu().config(NvidiaConfig.gpuTimeSlicing(NvidiaConfig.TimeSliceInterval.LONG))
                        .templateLabel("team", "ml").template("training", "gpu"),
                DeviceClaims.memoryAtLeast("mig.nvidia.com", Quantity.parse("19Gi")).template("inference", "big"));
        for (KubernetesVersion v : KubernetesVersion.supported()) {
            DraValidator validator = DraValidator.builder().version(v).build();
            for (ResourceClaimTemplate t : templates) {
                ValidationReport r = validator.validate(t);
                assertThat(r.clean()).as(t.getMetadata().getName() + " on " + v + ": " + r).isTrue();
            }
        }
    }

    @Test
    void nvidiaConfigHasTheDriverShapeAndRejectsImpossibleSettings() {
        assertThat(NvidiaConfig.gpuMps(new NvidiaConfig.Mps(50, Quantity.parse("10Gi"),
                Map.of("GPU-1", Quantity.parse("2Gi")), true)).parameters()).isEqualTo(Map.of(
                "apiVersion", "resource.nvidia.com/v1beta1", "kind", "GpuConfig",
                "sharing", Map.of("strategy", "MPS", "mpsConfig", Map.of("defaultActiveThreadPercentage", 50,
                        "defaultPinnedDeviceMemoryLimit", "10Gi", "defaultPerDevicePinnedMemoryLimit",
                        Map.of("GPU-1", "2Gi"), "multiUser", true))));
        assertThat(NvidiaConfig.gpu().opaque().getDriver()).isEqualTo("gpu.nvidia.com");
        assertThatThrownBy(() -> new NvidiaConfig.Mps(101, null, null, null))
                .hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> new NvidiaConfig(NvidiaConfig.Kind.MIG_DEVICE_CONFIG, new NvidiaConfig.Sharing(
                NvidiaConfig.Strategy.TIME_SLICING, NvidiaConfig.TimeSliceInterval.SHORT, null)))
                .hasMessageContaining("no time-slice interval");
    }

    @Test
    void workloadsGetClaimsWiredAndTheValidatorChecksTheWiring() {
        Container app = new Container();
        app.setName("app");
        Container side = new Container();
        side.setName("sidecar");
        PodSpec spec = new PodSpec();
        spec.setContainers(List.of(app, side));
        Pod pod = new Pod();
        pod.setSpec(spec);

        Pod wired = Workloads.withClaim(pod, Workloads.fromTemplate("mig", "mig-small"), "app");
        assertThat(wired.getSpec().getResourceClaims()).singleElement()
                .satisfies(c -> assertThat(c.getResourceClaimTemplateName()).isEqualTo("mig-small"));
        assertThat(wired.getSpec().getContainers().get(0).getResources().getClaims().get(0).getName()).isEqualTo("mig");
        assertThat(wired.getSpec().getContainers().get(1).getResources()).isNull();
        assertThat(pod.getSpec().getResourceClaims()).isEmpty();
        assertThat(V137.validate(wired).clean()).isTrue();

        PodSpec byRequest = Workloads.withClaimRequest(spec, Workloads.fromClaim("shared", "mig-pair"), "mig");
        assertThat(byRequest.getContainers()).allSatisfy(c ->
                assertThat(c.getResources().getClaims().get(0).getRequest()).isEqualTo("mig"));

        PodSpec limits = Workloads.withExtendedResource(spec, "nvidia.com/mig-1g.10gb", 1, "app");
        assertThat(limits.getContainers().get(0).getResources().getLimits().get("nvidia.com/mig-1g.10gb"))
                .hasToString("1");

        Deployment d = new Deployment();
        DeploymentSpec ds = new DeploymentSpec();
        PodTemplateSpec pts = new PodTemplateSpec();
        pts.setMetadata(new ObjectMeta());
        pts.setSpec(spec);
        ds.setTemplate(pts);
        d.setSpec(ds);
        Deployment wiredDeployment = Workloads.withClaim(d, Workloads.fromTemplate("gpu", "gpu"));
        assertThat(V137.validate(wiredDeployment).clean()).isTrue();

        // a container that uses a claim the pod does not declare
        PodSpec broken = Workloads.withClaim(spec, Workloads.fromTemplate("mig", "mig-small"), "app");
        broken.setResourceClaims(List.of());
        Pod brokenPod = new Pod();
        brokenPod.setSpec(broken);
        assertThat(V137.validate(brokenPod).errors()).singleElement().hasToString(
                "spec.containers[0].resources.claims[0]: Not found: \"mig\": must be one of the names in"
                        + " pod.spec.resourceClaims which is empty");
        assertThatThrownBy(() -> Workloads.withClaim(spec, Workloads.fromTemplate("x", "y"), "nope"))
                .hasMessageContaining("no container named 'nope'");
    }

    @Test
    void manifestsAreMultiDocumentYamlWithUnsplitExpressions() {
        String yaml = Manifests.toYaml(List.of(DeviceClasses.gpu(), DeviceClasses.mig()));
        assertThat(yaml).startsWith("---\napiVersion: resource.k8s.io/v1\nkind: DeviceClass\n");
        assertThat(yaml.split("(?m)^---$")).hasSize(3);
        assertThat(yaml).contains("device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'");
        assertThat(Manifests.toJsonList(List.of(DeviceClasses.gpu()))).contains("\"kind\" : \"List\"");
    }
}
