package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link MutationGuard} refuses exactly the functions {@link NvmlFunction} marks as mutating and passes every other
 * call through; {@link ForwardingNvml} reports each call as the function {@link NvmlFunction} maps the method to.
 */
class MutationGuardTest {

    /** Every method of {@link Nvml} that stands for a C function (all but {@code backend} and {@code close}). */
    private static List<Method> nvmlMethods() {
        return Arrays.stream(Nvml.class.getMethods())
                .filter(m -> !m.getName().equals("backend") && !m.getName().equals("close"))
                .sorted(Comparator.comparing(Method::getName)).toList();
    }

    private static Object[] defaults(Method m) {
        return Arrays.stream(m.getParameterTypes()).map(t -> t == int.class ? (Object) 0 : null).toArray();
    }

    private static Object defaultOf(Class<?> type) {
        if (type == int.class) return 0;
        if (type == boolean.class) return false;
        return null;
    }

    /** A delegate that records the methods called on it and answers zeros. */
    private static Nvml recording(List<String> calls) {
        return (Nvml) Proxy.newProxyInstance(Nvml.class.getClassLoader(), new Class<?>[] {Nvml.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return defaultOf(method.getReturnType());
                });
    }

    private static Throwable invoke(Nvml nvml, Method m) throws IllegalAccessException {
        try {
            m.invoke(nvml, defaults(m));
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    @Test
    void everyNvmlMethodIsOneFunctionOfTheList() {
        for (Method m : nvmlMethods()) {
            assertThat(NvmlFunction.find(m.getName())).as(m.getName()).isPresent();
        }
    }

    @Test
    void theMutatingFunctionsAreThoseThatChangeAGpu() {
        assertThat(Arrays.stream(NvmlFunction.values()).filter(NvmlFunction::mutating).map(NvmlFunction::cName)
                .collect(Collectors.toSet())).isEqualTo(Set.of("nvmlDeviceSetMigMode", "nvmlDeviceCreateGpuInstance",
                "nvmlDeviceCreateGpuInstanceWithPlacement", "nvmlGpuInstanceDestroy",
                "nvmlGpuInstanceCreateComputeInstance", "nvmlGpuInstanceCreateComputeInstanceWithPlacement",
                "nvmlComputeInstanceDestroy"));
    }

    @Test
    void refusesExactlyTheMutatingFunctionsBeforeTheyReachTheDelegate() throws Exception {
        List<String> calls = new ArrayList<>();
        Nvml guarded = MutationGuard.readOnly(recording(calls));
        assertThat(MutationGuard.readOnly(guarded)).isSameAs(guarded);
        int refused = 0;
        for (Method m : nvmlMethods()) {
            NvmlFunction function = NvmlFunction.of(m.getName());
            calls.clear();
            Throwable thrown = invoke(guarded, m);
            if (function.mutating()) {
                refused++;
                assertThat(thrown).as(m.getName()).isInstanceOf(MutationNotAllowedException.class)
                        .hasMessageStartingWith(function.cName() + " would change the GPU");
                assertThat(calls).as("%s reached the delegate", m.getName()).isEmpty();
            } else {
                assertThat(thrown).as(m.getName()).isNull();
                assertThat(calls).as(m.getName()).containsExactly(m.getName());
            }
        }
        assertThat(refused).isEqualTo(7);
        assertThatThrownBy(() -> guarded.deviceSetMigMode(new DeviceHandle(1), MigModeInfo.ENABLE))
                .isInstanceOf(MutationNotAllowedException.class).hasMessageContaining("allowMutations(true)");
    }

    @Test
    void forwardingReportsEachCallAsItsFunction() throws Exception {
        List<NvmlFunction> seen = new ArrayList<>();
        Nvml forwarding = new ForwardingNvml(recording(new ArrayList<>())) {
            @Override
            protected void beforeCall(NvmlFunction function) {
                seen.add(function);
            }
        };
        for (Method m : nvmlMethods()) {
            seen.clear();
            assertThat(invoke(forwarding, m)).as(m.getName()).isNull();
            assertThat(seen).as(m.getName()).singleElement()
                    .satisfies(f -> assertThat(f.javaMethods()).contains(m.getName()));
        }
        seen.clear();
        forwarding.backend();
        assertThat(seen).as("backend() is not an NVML function").isEmpty();
    }
}
