package io.mig4j.testkit.nvml;

import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.Nvml;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/** Calls {@link Nvml} methods by name with placeholder arguments, for tests that sweep the whole interface. */
final class Invocations {
    private Invocations() {
    }

    /** Every abstract method of {@link Nvml} (the ones an implementation must provide). */
    static List<Method> nvmlMethods() {
        return Arrays.stream(Nvml.class.getMethods())
                .filter(m -> m.getDeclaringClass() == Nvml.class && !m.getName().equals("close")).toList();
    }

    static Method method(String name) {
        return nvmlMethods().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("Nvml has no method " + name));
    }

    /**
     * Calls {@code method} on {@code target}: device handles are {@code device}, other handles bogus, ints 0,
     * strings a GPU-like UUID, placements {@code 0:1}.
     */
    static Object invoke(Nvml target, DeviceHandle device, String method) {
        Method m = method(method);
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            Class<?> t = types[i];
            if (t == DeviceHandle.class) {
                args[i] = device;
            } else if (t == GpuInstanceHandle.class) {
                args[i] = new GpuInstanceHandle(1);
            } else if (t == ComputeInstanceHandle.class) {
                args[i] = new ComputeInstanceHandle(1);
            } else if (t == int.class) {
                args[i] = 0;
            } else if (t == String.class) {
                args[i] = "GPU-00000000-0000-0000-0000-000000000000";
            } else if (t == Placement.class) {
                args[i] = new Placement(0, 1);
            } else {
                throw new AssertionError("no placeholder for " + t + " in " + m);
            }
        }
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
