/**
 * Testing MIG-aware code without a GPU: {@link io.mig4j.testkit.nvml.FakeNvml}, an {@link io.mig4j.nvml.Nvml} built
 * from the sdk-api product catalog that enforces NVML's MIG rules, with typed fault injection
 * ({@link io.mig4j.testkit.nvml.Fault}, {@link io.mig4j.testkit.nvml.FaultDispatcher}) and a call journal
 * ({@link io.mig4j.testkit.nvml.RecordedCall}) keyed by {@link io.mig4j.nvml.NvmlFunction}. The mock Kubernetes API
 * server, fake cluster and JUnit 5 extensions get their own packages ({@code io.mig4j.testkit.kube},
 * {@code .cluster}, {@code .junit}).
 *
 * <p>Nulls: arguments must not be {@code null} and methods do not return it, except where a parameter says so.
 */
package io.mig4j.testkit.nvml;
