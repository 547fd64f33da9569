/**
 * Helpers shared by the readers of sdk-api's packages (the catalog reader in {@code io.mig4j.api}, the mig-parted
 * reader in {@code io.mig4j.api.migparted}). Public only because Java has no visibility between packages;
 * <strong>not API</strong>: it may change or disappear in any release, and nothing outside sdk-api may use it.
 *
 * <p>Nulls: no method accepts or returns {@code null} ({@link java.util.Optional} for absent fields).
 */
package io.mig4j.api.internal;
