package io.mig4j.nvml.internal.jna;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Defines a private copy of {@link NvmlDirect} and its per-function holder classes; everything else comes
 * from the parent. JNA direct mapping binds native methods to a class, so each libnvidia-ml that
 * {@link JnaNvml} opens gets classes of its own.
 */
final class BindingLoader extends ClassLoader {
    static final String DIRECT = NvmlDirect.class.getName();

    static {
        registerAsParallelCapable();
    }

    BindingLoader(ClassLoader parent) {
        super("mig4j-nvml-jna", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(DIRECT) && !name.startsWith(DIRECT + "$")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String resource = "/" + name.replace('.', '/') + ".class";
        try (InputStream in = BindingLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, BindingLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
