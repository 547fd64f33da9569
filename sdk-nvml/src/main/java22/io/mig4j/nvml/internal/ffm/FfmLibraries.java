package io.mig4j.nvml.internal.ffm;

import io.mig4j.nvml.NvmlNotFoundException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/**
 * Opens libnvidia-ml for {@link FfmNvml} and turns each way that can fail into an {@link NvmlNotFoundException}
 * that says why. Loading lives apart from {@link FfmNvml} so that class holds only the NVML calls (it had grown
 * past the team's ~600-line limit for {@code src/main}).
 */
final class FfmLibraries {

    private FfmLibraries() {
    }

    /**
     * Opens {@code library} with {@code dlopen} (a plain name goes through the loader's search path, a path is used
     * as is; it stays loaded for the life of the JVM) and makes sure the {@link Downcalls} handles exist.
     *
     * @param library a library name ({@code libnvidia-ml.so.1}) or a path
     * @return the library's symbols
     * @throws NvmlNotFoundException when the library cannot be loaded (with the loader's reason), native access is
     *         not enabled, or the platform has no FFM linker
     */
    @SuppressWarnings("restricted") // libraryLookup: the point of FfmNvml
    static SymbolLookup open(String library) {
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
            Downcalls.init();
            return lookup;
        } catch (IllegalArgumentException e) {
            throw new NvmlNotFoundException(library + ": " + e.getMessage());
        } catch (IllegalCallerException e) {
            throw new NvmlNotFoundException(library + ": native access is not enabled for mig4j ("
                    + e.getMessage() + "); run java with --enable-native-access=ALL-UNNAMED (or the module name)");
        } catch (UnsupportedOperationException | LinkageError e) {
            throw new NvmlNotFoundException(library + ": the FFM linker is not available on this platform: " + e);
        }
    }
}
