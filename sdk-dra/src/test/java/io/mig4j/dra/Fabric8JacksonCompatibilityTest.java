package io.mig4j.dra;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * fabric8 8.0.0's {@code resource.k8s.io/v1} model works with the Jackson 3 version this build manages (the root
 * pom's {@code jackson.version}, newer than the one fabric8 was built with): a ResourceClaim with a
 * {@code firstAvailable} request and a capacity {@link Quantity} survives fabric8's own serialization and a plain
 * Jackson 3 mapper unchanged, with the field names of the Kubernetes API.
 */
class Fabric8JacksonCompatibilityTest {

    private static ResourceClaim claim() {
        return new ResourceClaimBuilder()
                .withApiVersion("resource.k8s.io/v1").withKind("ResourceClaim")
                .withNewMetadata().withName("mig-or-gpu").withNamespace("default").endMetadata()
                .withNewSpec().withNewDevices()
                .addNewRequest().withName("gpu")
                .addNewFirstAvailable().withName("mig-1g").withDeviceClassName("mig.nvidia.com")
                .withAllocationMode("ExactCount").withCount(2L)
                .addNewSelector().withNewCel().withExpression("device.attributes['gpu.nvidia.com'].profile == '1g.10gb'")
                .endCel().endSelector()
                .withNewCapacity().addToRequests("memory", new Quantity("10Gi")).endCapacity()
                .endFirstAvailable()
                .addNewFirstAvailable().withName("full").withDeviceClassName("gpu.nvidia.com").endFirstAvailable()
                .endRequest()
                .endDevices().endSpec()
                .build();
    }

    @Test
    void roundTripsThroughFabric8sSerialization() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        ResourceClaim claim = claim();
        String json = serialization.asJson(claim);
        ResourceClaim back = serialization.unmarshal(json, ResourceClaim.class);
        assertThat(back).isEqualTo(claim);
        DeviceSubRequest first = back.getSpec().getDevices().getRequests().get(0).getFirstAvailable().get(0);
        assertThat(first.getCapacity().getRequests().get("memory").getNumericalAmount())
                .isEqualByComparingTo(new BigDecimal(10L * 1024 * 1024 * 1024));
        assertThat(serialization.unmarshal(serialization.asYaml(claim), ResourceClaim.class)).isEqualTo(claim);
    }

    @Test
    void writesKubernetesFieldNamesWithAPlainJackson3Mapper() {
        JsonMapper mapper = JsonMapper.builder().build();
        ResourceClaim claim = claim();
        String json = mapper.writeValueAsString(claim);
        assertThat(mapper.readValue(json, ResourceClaim.class)).isEqualTo(claim);
        JsonNode request = mapper.readTree(json).at("/spec/devices/requests/0");
        assertThat(request.get("name").stringValue()).isEqualTo("gpu");
        assertThat(request.has("exactly")).isFalse();
        JsonNode first = request.at("/firstAvailable/0");
        assertThat(first.get("deviceClassName").stringValue()).isEqualTo("mig.nvidia.com");
        assertThat(first.get("count").longValue()).isEqualTo(2L);
        assertThat(first.at("/capacity/requests/memory").stringValue()).as("a Quantity is a string").isEqualTo("10Gi");
        assertThat(first.at("/selectors/0/cel/expression").stringValue()).contains("1g.10gb");
        assertThat(request.at("/firstAvailable/1/name").stringValue()).isEqualTo("full");
    }
}
