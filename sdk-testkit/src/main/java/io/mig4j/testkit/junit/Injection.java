package io.mig4j.testkit.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shared mechanics of the mig4j extensions: resources live in the JUnit {@link ExtensionContext.Store} of the class
 * (static fields: one per test class) or of the test method (instance fields and parameters: one per test), and are
 * closed when that context ends; fields are injected by type.
 */
final class Injection {
    private Injection() {
    }

    /** A value the store closes when its context ends (JUnit 5's hook; JUnit 6 also closes AutoCloseable values). */
    static final class Resource<T extends AutoCloseable> implements ExtensionContext.Store.CloseableResource,
            AutoCloseable {
        private final T value;
        private boolean closed;

        Resource(T value) {
            this.value = value;
        }

        T value() {
            return value;
        }

        @Override
        public synchronized void close() throws Exception {
            if (!closed) {
                closed = true;
                value.close();
            }
        }
    }

    /** The fields of the class hierarchy whose type is one of {@code types}, static or not as asked. */
    static List<Field> fields(Class<?> testClass, List<Class<?>> types, boolean statics) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) != statics || !types.contains(f.getType())) {
                    continue;
                }
                if (Modifier.isFinal(f.getModifiers())) {
                    throw new ExtensionConfigurationException("field " + c.getName() + "." + f.getName()
                            + " must not be final: mig4j injects a " + f.getType().getSimpleName() + " into it");
                }
                out.add(f);
            }
        }
        return out;
    }

    /** Sets each field to the value for its type. */
    static void inject(List<Field> fields, Object target, Map<Class<?>, Object> valuesByType) {
        for (Field f : fields) {
            try {
                f.setAccessible(true);
                f.set(target, valuesByType.get(f.getType()));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new ExtensionConfigurationException("cannot inject field " + f.getDeclaringClass().getName()
                        + "." + f.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The resource of this context, made on first use. */
    static <T extends AutoCloseable> T getOrCreate(ExtensionContext context, ExtensionContext.Namespace ns,
                                                   Class<T> type, Function<ExtensionContext, T> factory) {
        Resource<?> r = context.getStore(ns).getOrComputeIfAbsent(type.getName(),
                k -> new Resource<>(factory.apply(context)), Resource.class);
        return type.cast(r.value());
    }

    /** The resource of this context or, failing that, of an enclosing one; null when none was made. */
    static <T> T find(ExtensionContext context, ExtensionContext.Namespace ns, Class<T> type) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Resource<?> r = c.getStore(ns).get(type.getName(), Resource.class);
            if (r != null) {
                return type.cast(r.value());
            }
        }
        return null;
    }
}
