package io.mig4j.testkit.kube;

import tools.jackson.databind.node.ObjectNode;

/** Helpers for tests that drive {@link KubeStore} without HTTP. */
final class StoreFixture {
    private StoreFixture() {
    }

    static ObjectNode json(String text) {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    static ResourceDefinition def(KubeStore store, String apiVersion, String plural) {
        int slash = apiVersion.indexOf('/');
        return store.definition(slash < 0 ? "" : apiVersion.substring(0, slash),
                slash < 0 ? apiVersion : apiVersion.substring(slash + 1), plural);
    }

    static ObjectNode deviceClass(String name, String expression) {
        return json("""
                {"apiVersion":"resource.k8s.io/v1","kind":"DeviceClass","metadata":{"name":"%s"},
                 "spec":{"selectors":[{"cel":{"expression":"%s"}}]}}""".formatted(name, expression));
    }

    static ObjectNode claim(String namespace, String name, String deviceClass) {
        return json("""
                {"apiVersion":"resource.k8s.io/v1","kind":"ResourceClaim","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"devices":{"requests":[{"name":"gpu","exactly":{"deviceClassName":"%s"}}]}}}"""
                .formatted(name, namespace, deviceClass));
    }

    static ObjectNode slice(String name, String node, String driver, String pool) {
        return json("""
                {"apiVersion":"resource.k8s.io/v1","kind":"ResourceSlice","metadata":{"name":"%s"},
                 "spec":{"driver":"%s","nodeName":"%s","pool":{"name":"%s","generation":1,"resourceSliceCount":1},
                         "devices":[{"name":"gpu-0"}]}}""".formatted(name, driver, node, pool));
    }

    static ObjectNode configMap(String namespace, String name, String labelsJson) {
        return json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","namespace":"%s","labels":%s},
                 "data":{"k":"v"}}""".formatted(name, namespace, labelsJson));
    }
}
