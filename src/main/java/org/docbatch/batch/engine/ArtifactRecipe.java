package org.docbatch.batch.engine;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Named;
import jakarta.interceptor.Interceptors;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jberet.creation.ArtifactCreationContext;
import org.jberet.job.model.Properties;

/**
 * How to make a batch artifact without Weld's machinery, for the artifacts that need none of it: a
 * {@code @Dependent} class with a no-argument constructor, field injection only, no interceptor,
 * decorator or lifecycle callback, whose injection points are {@code @BatchProperty String}s, the
 * {@code JobContext} / {@code StepContext}, and beans of a normal scope (whose client proxies every
 * instance may share). Each instance then costs a constructor call and a few field writes, where
 * Weld's creation of a {@code @Dependent} bean (a creational context, one producer call per batch
 * property) took about a third of a worker's CPU on no-op documents. Values are what Weld with
 * JBeret's own producers injects: the artifact's resolved properties (a property the step does not
 * set leaves the field's initial value) and the contexts of the current {@link
 * ArtifactCreationContext}; ArtifactRecipeTest compares the two. Any other artifact is made by
 * Weld.
 */
final class ArtifactRecipe {

  private enum Source {
    PROPERTY,
    JOB_CONTEXT,
    STEP_CONTEXT,
    SHARED
  }

  private record Injection(Field field, Source source, String property, Object shared) {}

  private final Constructor<?> constructor;
  private final List<Injection> injections;

  private ArtifactRecipe(Constructor<?> constructor, List<Injection> injections) {
    this.constructor = constructor;
    this.injections = injections;
  }

  /** The recipe for {@code bean}, or null when Weld must make it. */
  static ArtifactRecipe of(Bean<?> bean, BeanManager beans) {
    Class<?> type = bean.getBeanClass();
    // A managed bean of its own @Named class (a producer's bean class is the class declaring it).
    if (bean.getScope() != Dependent.class
        || !type.isAnnotationPresent(Named.class)
        || !bean.getTypes().contains(type)
        || needsContainer(type, beans)
        || !beans.resolveDecorators(bean.getTypes()).isEmpty()) {
      return null;
    }
    Constructor<?> constructor;
    try {
      constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
    List<Injection> injections = new ArrayList<>();
    for (InjectionPoint point : bean.getInjectionPoints()) {
      if (!(point.getMember() instanceof Field field)) {
        return null; // constructor or initializer method injection
      }
      Injection injection = injection(point, field, beans);
      if (injection == null) {
        return null;
      }
      field.setAccessible(true);
      injections.add(injection);
    }
    return new ArtifactRecipe(constructor, List.copyOf(injections));
  }

  /** A new instance, injected from the current artifact creation context (set by JBeret). */
  Object create() {
    ArtifactCreationContext creation = ArtifactCreationContext.getCurrentArtifactCreationContext();
    Properties properties = creation.getProperties();
    try {
      Object artifact = constructor.newInstance();
      for (Injection injection : injections) {
        Object value =
            switch (injection.source()) {
              case PROPERTY -> properties == null ? null : properties.get(injection.property());
              case JOB_CONTEXT -> creation.getJobContext();
              case STEP_CONTEXT -> creation.getStepContext();
              case SHARED -> injection.shared();
            };
        // A property the step does not set leaves the field's own value, as Weld leaves it.
        if (value != null || injection.source() != Source.PROPERTY) {
          injection.field().set(artifact, value);
        }
      }
      return artifact;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + constructor.getDeclaringClass(), e);
    }
  }

  private static Injection injection(InjectionPoint point, Field field, BeanManager beans) {
    BatchProperty property = field.getAnnotation(BatchProperty.class);
    if (property != null) {
      if (field.getType() != String.class) {
        return null; // JBeret converts other types: left to its producers
      }
      String name = property.name().isEmpty() ? field.getName() : property.name();
      return new Injection(field, Source.PROPERTY, name, null);
    }
    if (field.getType() == JobContext.class) {
      return new Injection(field, Source.JOB_CONTEXT, null, null);
    }
    if (field.getType() == StepContext.class) {
      return new Injection(field, Source.STEP_CONTEXT, null, null);
    }
    Bean<?> target;
    try {
      target =
          beans.resolve(
              beans.getBeans(point.getType(), point.getQualifiers().toArray(new Annotation[0])));
    } catch (RuntimeException ambiguous) {
      return null;
    }
    if (target == null || !beans.isNormalScope(target.getScope())) {
      return null; // a @Dependent or pseudo-scoped bean is an instance of each artifact's own
    }
    Object proxy =
        beans.getReference(target, point.getType(), beans.createCreationalContext(target));
    return new Injection(field, Source.SHARED, null, proxy);
  }

  /** Whether an interceptor or a lifecycle callback applies to instances of {@code type}. */
  private static boolean needsContainer(Class<?> type, BeanManager beans) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.isAnnotationPresent(Interceptors.class) || hasBinding(c.getAnnotations(), beans)) {
        return true;
      }
      for (Method method : c.getDeclaredMethods()) {
        if (method.isAnnotationPresent(PostConstruct.class)
            || method.isAnnotationPresent(PreDestroy.class)
            || method.isAnnotationPresent(Interceptors.class)
            || hasBinding(method.getAnnotations(), beans)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An interceptor binding, or a stereotype (which may carry one). */
  private static boolean hasBinding(Annotation[] annotations, BeanManager beans) {
    for (Annotation annotation : annotations) {
      if (beans.isInterceptorBinding(annotation.annotationType())
          || beans.isStereotype(annotation.annotationType())) {
        return true;
      }
    }
    return false;
  }
}
