package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.mig4j.nvml.internal.jna.JnaNvml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The JNA binding against the C test double: the whole {@link NvmlBindingContractTest}, plus JNA specifics. */
class JnaNvmlDoubleTest extends NvmlBindingContractTest {

    @Override
    protected Nvml create(String library) {
        return new JnaNvml(library);
    }

    @Test
    void backendIsJna() {
        assertThat(nvml.backend()).isEqualTo("jna");
        assertThat(((JnaNvml) nvml).library()).isEqualTo(doublePath());
        assertThat(nvml.toString()).contains(doublePath());
    }

    @Test
    void missingFunctionsAreListed() {
        assertThat(((JnaNvml) nvml).missingFunctions()).isEmpty();
        JnaNvml older = new JnaNvml(oldDoublePath());
        assertThat(older.missingFunctions())
                .containsExactly("nvmlDeviceGetGpuInstanceProfileInfoV", "nvmlDeviceGetNumaNodeId",
                        "nvmlSystemGetCudaDriverVersion_v2");
    }

    @Test
    void aLibraryThatIsNotNvmlIsNvmlNotFound() {
        String libc = Stream.of("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                        "/lib64/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/usr/lib64/libc.so.6")
                .filter(p -> Files.isRegularFile(Path.of(p))).findFirst().orElse("libc.so.6");
        NvmlNotFoundException e = catchThrowableOfType(NvmlNotFoundException.class, () -> new JnaNvml(libc));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("NVML not found").contains("nvmlInit_v2");
    }

    @Test
    void aSecondInstanceOnTheSameLibraryShares() {
        JnaNvml again = new JnaNvml(doublePath());
        assertThat(again.deviceGetCount()).as("the library is already initialized").isEqualTo(2);
        assertThat(again.deviceGetHandleByIndex(0)).isEqualTo(gpu0);
    }

    /**
     * The double's C conventions that no binding method can reach (bindings always pass valid pointers and big
     * enough buffers): called here through plain JNA.
     */
    @Test
    void theDoubleFollowsNvmlCConventions() {
        NativeLibrary lib = NativeLibrary.getInstance(doublePath());
        Pointer dev = new Pointer(gpu0.value());
        Memory m = new Memory(256);
        assertThat(call(lib, "nvmlDeviceGetCount_v2", Pointer.NULL)).isEqualTo(2);
        assertThat(call(lib, "nvmlDeviceGetHandleByIndex_v2", 0, Pointer.NULL)).isEqualTo(2);
        assertThat(call(lib, "nvmlDeviceGetMigMode", dev, m, Pointer.NULL)).isEqualTo(2);
        // strings: the NUL must fit
        assertThat(call(lib, "nvmlDeviceGetName", dev, m, 21)).isEqualTo(7); // "NVIDIA H100 80GB HBM3" is 21
        assertThat(call(lib, "nvmlDeviceGetName", dev, m, 22)).isZero();
        assertThat(m.getString(0)).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(call(lib, "nvmlSystemGetDriverVersion", m, 4)).isEqualTo(7);
        assertThat(call(lib, "nvmlDeviceGetName", dev, Pointer.NULL, 96)).isEqualTo(2);
        // placements: NULL array asks for the count; a short array gets INSUFFICIENT_SIZE and the count needed
        m.setInt(0, 0);
        assertThat(call(lib, "nvmlDeviceGetGpuInstancePossiblePlacements_v2", dev, 19, Pointer.NULL, m)).isZero();
        assertThat(m.getInt(0)).isEqualTo(7);
        m.setInt(0, 3);
        assertThat(call(lib, "nvmlDeviceGetGpuInstancePossiblePlacements_v2", dev, 19, m.share(8), m)).isEqualTo(7);
        assertThat(m.getInt(0)).isEqualTo(7);
        assertThat(call(lib, "nvmlDeviceGetGpuInstancePossiblePlacements_v2", dev, 19, m.share(8), Pointer.NULL))
                .isEqualTo(2);
        // instance lists: a short buffer gets INSUFFICIENT_SIZE and the count needed
        m.setInt(0, 0);
        assertThat(call(lib, "nvmlDeviceGetGpuInstances", dev, 9, m.share(8), m)).isEqualTo(7);
        assertThat(m.getInt(0)).isEqualTo(1);
        // versioned structs: an unknown version is ARGUMENT_VERSION_MISMATCH; the version is recorded
        m.clear(152);
        m.setInt(0, 0x01000098);
        assertThat(call(lib, "nvmlDeviceGetGpuInstanceProfileInfoV", dev, 0, m)).isEqualTo(25);
        assertThat(control.nvmlDouble_lastStructVersion("nvmlDeviceGetGpuInstanceProfileInfoV")).isEqualTo(0x01000098);
        m.setInt(0, 0x02000088 + 1);
        Pointer gi = new Pointer(nvml.deviceGetGpuInstanceById(gpu0, 1).value());
        assertThat(call(lib, "nvmlGpuInstanceGetComputeInstanceProfileInfoV", gi, 0, 0, m)).isEqualTo(25);
        m.setInt(0, 0x0300008C); // CI v3 carries capabilities at 136
        assertThat(call(lib, "nvmlGpuInstanceGetComputeInstanceProfileInfoV", gi, 2, 0, m)).isZero();
        assertThat(m.getString(40)).isEqualTo("MIG 3g.40gb");
        assertThat(call(lib, "nvmlDeviceSetMigMode", dev, 1, Pointer.NULL)).isEqualTo(2);
        assertThat(control.nvmlDouble_failNext("noSuchFunction", 3)).isEqualTo(-1);
        assertThat(control.nvmlDouble_callCount("noSuchFunction")).isEqualTo(-1);
        assertThat(control.nvmlDouble_variant()).isEqualTo("current");
    }

    private static int call(NativeLibrary lib, String function, Object... args) {
        return lib.getFunction(function).invokeInt(args);
    }

}
