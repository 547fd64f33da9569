package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * The FFM binding against the C test double: the whole {@link NvmlBindingContractTest}, plus FFM specifics.
 *
 * <p>JDK 22+ only: this class is compiled for 17 (and runs a second time on the JDK 17 baseline JVM, where JUnit
 * skips it), so it reaches {@code FfmNvml}, which lives in {@code META-INF/versions/22}, only by reflection.
 */
@EnabledForJreRange(min = JRE.JAVA_22)
class FfmNvmlDoubleTest extends NvmlBindingContractTest {

    static final String FFM_CLASS = "io.mig4j.nvml.internal.ffm.FfmNvml";

    @Override
    protected Nvml create(String library) {
        return newFfm(library);
    }

    static Nvml newFfm(String library) {
        try {
            return (Nvml) Class.forName(FFM_CLASS).getConstructor(String.class).newInstance(library);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the FFM binding is not on the test class path", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(Nvml ffm, String method) {
        try {
            return (T) ffm.getClass().getMethod(method).invoke(ffm);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void backendIsFfm() {
        assertThat(nvml.backend()).isEqualTo("ffm");
        assertThat(nvml.getClass().getName()).isEqualTo(FFM_CLASS);
        assertThat((String) call(nvml, "library")).isEqualTo(doublePath());
        assertThat(nvml.toString()).contains(doublePath());
    }

    @Test
    void loaderPicksFfmOnThisJdk() {
        assertThat(NvmlLoader.ffmAvailable()).isTrue();
        Nvml loaded = NvmlLoader.load(NvmlLoader.Options.defaults().withLibrary(doublePath())
                .withBackend(NvmlLoader.Backend.AUTO));
        assertThat(loaded.backend()).isEqualTo("ffm");
        assertThat(loaded.deviceGetCount()).as("the double is initialized by the test setup").isEqualTo(2);
    }

    @Test
    void missingFunctionsAreListed() {
        assertThat((List<String>) call(nvml, "missingFunctions")).isEmpty();
        Nvml older = create(oldDoublePath());
        assertThat((List<String>) call(older, "missingFunctions"))
                .containsExactly("nvmlDeviceGetGpuInstanceProfileInfoV", "nvmlDeviceGetNumaNodeId",
                        "nvmlSystemGetCudaDriverVersion_v2");
    }

    @Test
    void aLibraryThatIsNotNvmlIsNvmlNotFound() {
        String libc = Stream.of("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                        "/lib64/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/usr/lib64/libc.so.6")
                .filter(p -> Files.isRegularFile(Path.of(p))).findFirst().orElse("libc.so.6");
        NvmlNotFoundException e = catchThrowableOfType(NvmlNotFoundException.class, () -> create(libc));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("NVML not found").contains("nvmlInit_v2");
    }

    @Test
    void aPlainLibraryNameGoesThroughTheLoaderSearch() {
        // a name without a slash is resolved by dlopen's search path; this one is not on it
        NvmlNotFoundException e = catchThrowableOfType(NvmlNotFoundException.class,
                () -> create("libmig4j-no-such-library.so.1"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("NVML not found").contains("libmig4j-no-such-library.so.1");
    }

    @Test
    void aSecondInstanceOnTheSameLibraryShares() {
        Nvml again = create(doublePath());
        assertThat(again.deviceGetCount()).as("the library is already initialized").isEqualTo(2);
        assertThat(again.deviceGetHandleByIndex(0)).isEqualTo(gpu0);
    }

    @Test
    void profileNamesAreDecodedOnceAndShared() {
        GpuInstanceProfileInfo first = nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 0);
        GpuInstanceProfileInfo second = nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 0);
        assertThat(second.name()).isEqualTo("MIG 1g.10gb").isSameAs(first.name());
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 7).name()).isEqualTo("MIG 1g.10gb+me");
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu1, 0).name()).isEqualTo("MIG 1g.5gb");
        assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 0).name()).isEqualTo("MIG 1g.10gb");
    }

    /** Strings sent to NVML (UUIDs, bus ids) longer than the scratch take the arena path. */
    @Test
    void longKeysAreNotFoundRatherThanTruncated() {
        String longUuid = "GPU-" + "0".repeat(600);
        assertNvmlError(() -> nvml.deviceGetHandleByUuid(longUuid), NvmlReturn.ERROR_NOT_FOUND,
                "nvmlDeviceGetHandleByUUID");
        assertThat(nvml.deviceGetHandleByUuid(H100_UUID)).isEqualTo(gpu0);
    }

    @Test
    void embeddedNulInAKeyIsRefused() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> nvml.deviceGetHandleByUuid(H100_UUID + "\0junk"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("nvmlDeviceGetHandleByUUID");
    }

    /** Each thread has its own scratch: a thread's results never show another's values. */
    @Test
    void scratchIsPerThread() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000; i++) {
                    assertThat(nvml.deviceGetMemoryInfo(gpu1).total()).isEqualTo(40960L * 1048576);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        other.start();
        for (int i = 0; i < 20_000; i++) {
            assertThat(nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 4).memorySizeMB()).isEqualTo(81152);
        }
        other.join();
        assertThat(failure.get()).isNull();
    }

    /** Besides the record itself, a profile query allocates no native memory and no string after the first. */
    @Test
    void profileInfoAllocatesOnlyTheRecord() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 2).sliceCount();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            sink += nvml.deviceGetGpuInstanceProfileInfoV(gpu0, 2).sliceCount();
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / 100_000;
        assertThat(sink).isEqualTo(3L * 300_000);
        // one GpuInstanceProfileInfo is about 80 bytes; before C2 finishes on a busy 2-core machine a little more
        // shows up (115 seen). Decoding the 96-byte name again would add a String of 130+ bytes, an arena more.
        assertThat(perCall).as("bytes per call").isLessThan(160);
    }
}
