package io.mig4j.dra.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.dra.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of Kubernetes' allocator test table ({@code AllocatorTestCase} in {@code allocatortesting}) and how it is
 * run ({@code RunTestAllocator}): the features start all off, a missing node is {@code node-1} in {@code region-1},
 * results are compared as Kubernetes' matchers compare them (see {@link Fixtures#canonical}), share IDs replaced by
 * a fixed value, and the inputs must not be modified.
 */
final class TableCase {
    final String name;
    Features features = Features.NONE;
    List<ResourceClaim> claims = new ArrayList<>();
    final AllocatedState state = new AllocatedState();
    List<DeviceClass> classes = new ArrayList<>();
    List<ResourceSlice> slices = new ArrayList<>();
    Node node;
    /** Null: nothing is allocated (no error); otherwise one allocation per claim. */
    List<AllocationResult> expect;
    String expectError;
    long expectInvocations = -1;

    TableCase(String name) {
        this.name = name;
    }

    static TableCase tc(String name) {
        return new TableCase(name);
    }

    TableCase features(Features f) {
        this.features = f;
        return this;
    }

    TableCase claims(ResourceClaim... c) {
        this.claims = new ArrayList<>(Arrays.asList(c));
        return this;
    }

    TableCase allocated(DeviceId... ids) {
        for (DeviceId id : ids) {
            state.addDevice(id);
        }
        return this;
    }

    TableCase allocatedCapacity(DeviceId id, String shareId, String capacity, String quantity) {
        state.addConsumedCapacity(id, shareId, Map.of(capacity, Quantity.parse(quantity)));
        return this;
    }

    TableCase classes(DeviceClass... c) {
        this.classes = new ArrayList<>(Arrays.asList(c));
        return this;
    }

    TableCase slices(ResourceSlice... s) {
        this.slices = new ArrayList<>(Arrays.asList(s));
        return this;
    }

    TableCase node(Node n) {
        this.node = n;
        return this;
    }

    TableCase expect(AllocationResult... results) {
        this.expect = new ArrayList<>(Arrays.asList(results));
        return this;
    }

    TableCase expectNothing() {
        this.expect = null;
        return this;
    }

    TableCase expectError(String substring) {
        this.expectError = substring;
        return this;
    }

    TableCase expectInvocations(long n) {
        this.expectInvocations = n;
        return this;
    }

    static DeviceId id(String driver, String pool, String device) {
        return new DeviceId(driver, pool, device);
    }

    /** Runs the case as {@code RunTestAllocator} does. */
    void run() throws Exception {
        String claimsBefore = claims.toString();
        String slicesBefore = slices.toString();
        String classesBefore = classes.toString();
        Allocator allocator = Allocator.builder(ResourceSnapshot.of(slices, classes))
                .features(features).allocatedState(state).shareIds(() -> Fixtures.FIXED_SHARE_ID).build();
        Node n = node != null ? node : Fixtures.node(Fixtures.NODE1, Fixtures.REGION1);
        if (expectError != null) {
            assertThatThrownBy(() -> allocator.allocate(n, claims)).as(name)
                    .isInstanceOf(AllocationException.class).hasMessageContaining(expectError);
        } else {
            Optional<List<AllocationResult>> results = allocator.allocate(n, claims);
            if (expect == null) {
                if (claims.isEmpty()) {
                    assertThat(results.orElseThrow()).as(name).isEmpty();
                } else {
                    assertThat(results).as(name + ": expected no allocation").isEmpty();
                }
            } else {
                assertThat(results).as(name + ": expected an allocation").isPresent();
                assertThat(results.orElseThrow().stream().map(Fixtures::canonical).toList()).as(name)
                        .isEqualTo(expect.stream().map(Fixtures::canonical).toList());
            }
        }
        assertThat(claims.toString()).as("claims modified").isEqualTo(claimsBefore);
        assertThat(slices.toString()).as("slices modified").isEqualTo(slicesBefore);
        assertThat(classes.toString()).as("classes modified").isEqualTo(classesBefore);
        if (expectInvocations >= 0) {
            assertThat(allocator.allocateOneInvocations()).as(name + ": allocateOne invocations")
                    .isEqualTo(expectInvocations);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
