/**
 * Fake GPUs, a mock Kubernetes API server and JUnit 5 extensions for testing MIG-aware code.
 * Under construction: see the project README's feature table.
 */
package io.mig4j.testkit;
