/**
 * Configuration files of NVIDIA's MIG partition editor, {@code nvidia-mig-parted} (also read by the GPU operator's
 * MIG manager): {@link io.mig4j.api.migparted.MigPartedConfig} reads and writes them ({@code version: v1}) with
 * errors that name the field path, and {@link io.mig4j.api.migparted.MigPartedValidator} checks them against the
 * product catalog before a GPU is touched, reporting {@link io.mig4j.api.migparted.MigPartedProblem}s and the
 * layout each entry asks for. The YAML reader and writer are package-private.
 *
 * <p>Values are immutable and thread-safe. Nulls: arguments must not be {@code null} and methods do not return it;
 * only the record components documented as nullable may be ({@code MigPartedProblem.productAlias} and
 * {@code profile} where no single product or profile is at fault). Lists are empty, never null.
 */
package io.mig4j.api.migparted;
