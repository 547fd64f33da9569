/**
 * Testing MIG-aware code without a GPU: {@link io.mig4j.testkit.FakeNvml}, an {@link io.mig4j.nvml.Nvml} built
 * from the sdk-api product catalog that enforces NVML's MIG rules, with typed fault injection
 * ({@link io.mig4j.testkit.Fault}) and a call journal ({@link io.mig4j.testkit.RecordedCall}).
 * The mock Kubernetes API server, fake cluster and JUnit 5 extensions are under construction: see the
 * project README's feature table.
 */
package io.mig4j.testkit;
