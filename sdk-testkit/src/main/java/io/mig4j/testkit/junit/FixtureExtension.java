package io.mig4j.testkit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The lifecycle shared by the mig4j extensions: where a fixture (a cluster, fake GPUs, an API server) lives, which
 * tests see it, how it is injected, and what a failing test reports about it.
 *
 * <p>Fixtures live in JUnit's {@link ExtensionContext.Store}: one per class in the class's store, one per test in
 * the test's store, so JUnit closes each when its context ends — also when tests run concurrently, since no state is
 * kept outside the stores (nothing static, no shared ports or files).
 *
 * @param <F> the fixture
 * @param <A> the annotation that configures it
 */
abstract class FixtureExtension<F extends AutoCloseable, A extends Annotation> implements BeforeAllCallback,
        BeforeEachCallback, ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final String CLASS_KEY = "fixture.class";
    private static final String TEST_KEY = "fixture.test";

    private final Class<A> annotationType;
    private final List<Class<?>> types;
    private final ExtensionContext.Namespace ns;
    private final String reportKey;

    FixtureExtension(Class<A> annotationType, List<Class<?>> types, String reportKey) {
        this.annotationType = annotationType;
        this.types = List.copyOf(types);
        this.ns = ExtensionContext.Namespace.create(getClass());
        this.reportKey = reportKey;
    }

    /** Makes the fixture; {@code where} names the annotation and class, for configuration errors. */
    abstract F create(A config, String where, ExtensionContext context);

    /** The values to inject, by type; computed once per fixture. */
    abstract Map<Class<?>, Object> values(F fixture);

    /** The lifecycle the annotation asks for. */
    abstract FixtureLifecycle lifecycle(A config);

    /** The fixture's state as text, for the report of a failing test. */
    abstract String describe(F fixture);

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        List<Field> statics = Injection.fields(testClass, types, true);
        A config = classConfig(context).orElse(null);
        if (config == null) {
            return; // only methods carry the annotation: their tests get their own fixtures
        }
        if (lifecycle(config) == FixtureLifecycle.PER_TEST && !statics.isEmpty()) {
            throw new ExtensionConfigurationException(where(context) + ": lifecycle = PER_TEST, but static field "
                    + statics.get(0).getDeclaringClass().getName() + "." + statics.get(0).getName()
                    + " would be shared by all tests; make it an instance field or a test method parameter, or use"
                    + " lifecycle = PER_CLASS");
        }
        if (classScoped(context, config)) {
            Injection.inject(statics, null, classFixture(context, config).values);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Object instance = context.getRequiredTestInstance();
        List<Field> fields = Injection.fields(instance.getClass(), types, false);
        if (!fields.isEmpty()) {
            Injection.inject(fields, instance, fixtureOfTest(context).values);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return types.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (context.getTestMethod().isPresent()) {
            return fixtureOfTest(context).values.get(type);
        }
        // a constructor of a PER_CLASS instance, or a @BeforeAll/@AfterAll method: runs once for the class
        A config = classConfig(context).orElseThrow(() -> new ParameterResolutionException(where(context)
                + ": " + describe(parameter.getDeclaringExecutable()) + " runs once for the class, which has no @"
                + annotationType.getSimpleName()));
        if (lifecycle(config) == FixtureLifecycle.PER_TEST) {
            throw new ParameterResolutionException(where(context) + ": lifecycle = PER_TEST, but "
                    + describe(parameter.getDeclaringExecutable()) + " runs once for the class and cannot take a"
                    + " per-test " + type.getSimpleName() + "; use lifecycle = PER_CLASS or DEFAULT");
        }
        return classFixture(context, config).values.get(type);
    }

    /**
     * Constructor parameters of a per-method test instance resolve in the test's context, so that they get the
     * test's fixture, under JUnit 5.12+ and 6 alike.
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    // ------------------------------------------------------------------ failure output

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    /**
     * Adds the fixture's state to the failure: as a report entry (IDEs and the XML report show it) and as a
     * suppressed {@link FixtureState} (the console and every report that prints the stack trace show it).
     */
    private Throwable report(ExtensionContext context, Throwable throwable) {
        Held<?> held = lookup(context);
        if (held == null) {
            return throwable;
        }
        String title = "@" + annotationType.getSimpleName() + " state when " + context.getDisplayName() + " failed";
        try {
            @SuppressWarnings("unchecked")
            String state = describe((F) held.fixture);
            throwable.addSuppressed(new FixtureState(title + ":\n" + state));
            context.publishReportEntry(reportKey, state);
        } catch (RuntimeException e) {
            throwable.addSuppressed(new FixtureState(title + ", and describing it failed: " + e));
        }
        return throwable;
    }

    // ------------------------------------------------------------------ where fixtures live

    /** The fixture a test (or its parameters) gets. */
    private Held<F> fixtureOfTest(ExtensionContext context) {
        Optional<A> own = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, annotationType));
        if (own.isPresent()) {
            return fixture(context, TEST_KEY, own.get());
        }
        ExtensionContext classContext = classContext(context);
        A config = classConfig(classContext).orElseThrow(() -> new ExtensionConfigurationException(
                getClass().getSimpleName() + " needs @" + annotationType.getSimpleName() + " on "
                        + classContext.getRequiredTestClass().getName() + " or its test methods"));
        if (classScoped(classContext, config)) {
            return classFixture(classContext, config);
        }
        return fixture(context, TEST_KEY, config);
    }

    private Held<F> classFixture(ExtensionContext context, A config) {
        return fixture(classContext(context), CLASS_KEY, config);
    }

    @SuppressWarnings("unchecked")
    private Held<F> fixture(ExtensionContext context, String key, A config) {
        // a store sees its parents' values: a nested class shares its enclosing class's fixture
        return context.getStore(ns).getOrComputeIfAbsent(key,
                k -> new Held<>(create(config, where(context), context), this::values), Held.class);
    }

    private Held<?> lookup(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(ns);
        Held<?> held = store.get(TEST_KEY, Held.class);
        return held != null ? held : store.get(CLASS_KEY, Held.class);
    }

    private boolean classScoped(ExtensionContext classContext, A config) {
        switch (lifecycle(config)) {
            case PER_CLASS:
                return true;
            case PER_TEST:
                return false;
            default:
                Class<?> testClass = classContext.getRequiredTestClass();
                return classContext.getStore(ns).get(CLASS_KEY, Held.class) != null
                        || !Injection.fields(testClass, types, true).isEmpty()
                        || classContext.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                        == TestInstance.Lifecycle.PER_CLASS
                        || classLevelMethodTakesOne(testClass);
        }
    }

    private boolean classLevelMethodTakesOne(Class<?> testClass) {
        for (Class<? extends Annotation> a : List.of(BeforeAll.class, AfterAll.class)) {
            for (Method m : AnnotationSupport.findAnnotatedMethods(testClass, a, HierarchyTraversalMode.TOP_DOWN)) {
                for (Class<?> p : m.getParameterTypes()) {
                    if (types.contains(p)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The context of the innermost test class around this context (a test, a template invocation, a class). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** The annotation on the test class, or on a class enclosing it (for {@code @Nested} classes). */
    private Optional<A> classConfig(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null;
             c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            Optional<A> a = AnnotationSupport.findAnnotation(c, annotationType);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    private String where(ExtensionContext context) {
        return "@" + annotationType.getSimpleName() + " on " + context.getRequiredTestClass().getName()
                + context.getTestMethod().map(m -> "." + m.getName() + "()").orElse("");
    }

    private static String describe(Executable e) {
        return e.getDeclaringClass().getSimpleName() + "." + (e instanceof Method ? e.getName() + "()" : "<init>");
    }

    /** A fixture and its injectable values; JUnit closes it with the context whose store holds it. */
    static final class Held<F extends AutoCloseable> implements ExtensionContext.Store.CloseableResource,
            AutoCloseable {
        final F fixture;
        final Map<Class<?>, Object> values;
        private boolean closed;

        Held(F fixture, java.util.function.Function<F, Map<Class<?>, Object>> values) {
            this.fixture = fixture;
            Map<Class<?>, Object> v;
            try {
                v = Map.copyOf(values.apply(fixture));
            } catch (RuntimeException e) {
                try {
                    fixture.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            this.values = v;
        }

        // JUnit 5 closes CloseableResource values; JUnit 6 also closes AutoCloseable ones: close only once
        @Override
        public synchronized void close() throws Exception {
            if (!closed) {
                closed = true;
                fixture.close();
            }
        }
    }
}
