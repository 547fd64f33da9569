/**
 * Kubernetes Dynamic Resource Allocation ({@code resource.k8s.io/v1}) objects for MIG devices.
 * Under construction: see the project README's feature table.
 */
package io.mig4j.dra;
