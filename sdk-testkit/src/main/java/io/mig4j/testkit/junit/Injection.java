package io.mig4j.testkit.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Field injection by type, shared by the mig4j extensions. */
final class Injection {
    private Injection() {
    }

    /** The fields of the class hierarchy whose type is one of {@code types}, static or not as asked. */
    static List<Field> fields(Class<?> testClass, List<Class<?>> types, boolean statics) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) != statics || !types.contains(f.getType())) {
                    continue;
                }
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Sets each field to the value for its type. A final field the test set itself (from a constructor parameter,
     * say) is left alone; a final field left null is an error, since it can never receive the value.
     */
    static void inject(List<Field> fields, Object target, Map<Class<?>, Object> valuesByType) {
        for (Field f : fields) {
            try {
                f.setAccessible(true);
                if (Modifier.isFinal(f.getModifiers())) {
                    if (f.get(target) == null) {
                        throw new ExtensionConfigurationException("field " + f.getDeclaringClass().getName() + "."
                                + f.getName() + " must not be final: mig4j injects a " + f.getType().getSimpleName()
                                + " into it");
                    }
                    continue;
                }
                f.set(target, valuesByType.get(f.getType()));
            } catch (ExtensionConfigurationException e) {
                throw e;
            } catch (IllegalAccessException | RuntimeException e) {
                throw new ExtensionConfigurationException("cannot inject field " + f.getDeclaringClass().getName()
                        + "." + f.getName() + ": " + e.getMessage(), e);
            }
        }
    }
}
