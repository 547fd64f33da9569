package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mig4j.nvml.NvmlLoader.Backend;
import io.mig4j.nvml.NvmlLoader.Options;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend choice and library lookup of {@link NvmlLoader}; loading uses the C test double. */
class NvmlLoaderTest {
    private static final String FFM_CLASS = "io.mig4j.nvml.internal.ffm.FfmNvml";
    private static final String MISSING = "/nonexistent/mig4j/libnvidia-ml.so.1";

    private final String backendBefore = System.getProperty(NvmlLoader.BACKEND_PROPERTY);
    private final String libraryBefore = System.getProperty(NvmlLoader.LIBRARY_PROPERTY);

    @AfterEach
    void restoreProperties() {
        restore(NvmlLoader.BACKEND_PROPERTY, backendBefore);
        restore(NvmlLoader.LIBRARY_PROPERTY, libraryBefore);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void backendNamesParse() {
        assertThat(Backend.parse("ffm")).isEqualTo(Backend.FFM);
        assertThat(Backend.parse(" JNA ")).isEqualTo(Backend.JNA);
        assertThat(Backend.parse("Auto")).isEqualTo(Backend.AUTO);
    }

    @Test
    void bogusBackendNamesTheChoices() {
        assertThatThrownBy(() -> Backend.parse("bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ffm", "jna", "auto", "bogus", NvmlLoader.BACKEND_PROPERTY);
        System.setProperty(NvmlLoader.BACKEND_PROPERTY, "bogus");
        assertThatThrownBy(() -> NvmlLoader.load(Options.defaults().withLibrary(MISSING)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("ffm", "jna", "auto");
    }

    @Test
    void explicitLibraryThatDoesNotExistIsNvmlNotFound() {
        for (Backend backend : List.of(Backend.JNA, Backend.AUTO)) {
            NvmlNotFoundException e = catchThrowableOfType(NvmlNotFoundException.class,
                    () -> NvmlLoader.load(Options.defaults().withLibrary(MISSING).withBackend(backend)));
            assertThat(e).as("backend %s", backend).isNotNull();
            assertThat(e.getMessage()).contains("NVML not found").contains(NvmlLoader.LIBRARY_ENV).contains(MISSING);
            assertThat(e.result()).isEqualTo(NvmlReturn.ERROR_LIBRARY_NOT_FOUND);
        }
    }

    @Test
    void libraryComesFromOptionsThenProperty() {
        System.setProperty(NvmlLoader.LIBRARY_PROPERTY, "/from/property/libnvidia-ml.so.1");
        assertThat(NvmlLoader.libraries(Options.defaults())).containsExactly("/from/property/libnvidia-ml.so.1");
        assertThat(NvmlLoader.libraries(Options.defaults().withLibrary(" /from/options.so ")))
                .containsExactly("/from/options.so");
        System.clearProperty(NvmlLoader.LIBRARY_PROPERTY);
        String env = System.getenv(NvmlLoader.LIBRARY_ENV);
        if (env == null || env.isBlank()) {
            assertThat(NvmlLoader.libraries(Options.defaults())).isEqualTo(NvmlLoader.DEFAULT_LIBRARIES)
                    .startsWith("libnvidia-ml.so.1");
        } else {
            assertThat(NvmlLoader.libraries(Options.defaults())).containsExactly(env.strip());
        }
    }

    @Test
    void jnaForcedLoadsTheDouble() {
        String library = NvmlBindingContractTest.doublePath();
        NvmlBindingContractTest.control(library).nvmlDouble_reset();
        Nvml nvml = NvmlLoader.load(Options.defaults().withLibrary(library).withBackend(Backend.JNA));
        assertThat(nvml.backend()).isEqualTo("jna");
        nvml.init();
        try {
            assertThat(nvml.deviceGetCount()).isEqualTo(2);
            assertThat(nvml.deviceGetName(nvml.deviceGetHandleByIndex(0))).isEqualTo("NVIDIA H100 80GB HBM3");
        } finally {
            nvml.shutdown();
        }
    }

    @Test
    void jnaForcedByPropertyWithLibraryProperty() {
        String library = NvmlBindingContractTest.doublePath();
        System.setProperty(NvmlLoader.BACKEND_PROPERTY, "jna");
        System.setProperty(NvmlLoader.LIBRARY_PROPERTY, library);
        assertThat(NvmlLoader.load().backend()).isEqualTo("jna");
    }

    @Test
    void ffmIsAvailableOnlyOnJdk22WithTheFfmClass() {
        boolean classLoads;
        try {
            Class.forName(FFM_CLASS, false, NvmlLoader.class.getClassLoader());
            classLoads = true;
        } catch (ClassNotFoundException | LinkageError e) {
            classLoads = false;
        }
        assertThat(NvmlLoader.ffmAvailable()).isEqualTo(Runtime.version().feature() >= 22 && classLoads);
    }

    @Test
    void autoPicksFfmOnlyWhereAvailable() {
        String library = NvmlBindingContractTest.doublePath();
        NvmlBindingContractTest.control(library).nvmlDouble_reset();
        Nvml nvml = NvmlLoader.load(Options.defaults().withLibrary(library));
        assertThat(nvml.backend()).isEqualTo(NvmlLoader.ffmAvailable() ? "ffm" : "jna");
        nvml.init();
        try {
            assertThat(nvml.deviceGetCount()).isEqualTo(2);
        } finally {
            nvml.shutdown();
        }
    }

    @Test
    void ffmForcedNeedsJdk22() {
        Options ffm = Options.defaults().withLibrary(MISSING).withBackend(Backend.FFM);
        if (NvmlLoader.ffmAvailable()) {
            assertThatThrownBy(() -> NvmlLoader.load(ffm)).isInstanceOf(NvmlNotFoundException.class)
                    .hasMessageContaining("NVML not found");
        } else {
            assertThatThrownBy(() -> NvmlLoader.load(ffm)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JDK 22").hasMessageContaining("use the jna backend");
        }
    }
}
