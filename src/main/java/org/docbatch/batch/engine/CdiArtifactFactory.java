package org.docbatch.batch.engine;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jberet.spi.ArtifactFactory;

/**
 * Creates batch artifacts ({@code ref} in job XML) as CDI beans by their {@code @Named} name, so
 * that they get JBeret's {@code JobContext}, {@code StepContext} and {@code @BatchProperty}
 * injection and docbatch's own beans. The artifacts that need nothing more than that (the batchlet
 * of every document among them) are made without Weld's machinery: {@link ArtifactRecipe}.
 */
final class CdiArtifactFactory implements ArtifactFactory {

  private final BeanManager beans;

  /** By identity: an artifact's own equals() must not decide which context is released. */
  private final Map<Object, CreationalContext<?>> contexts =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /** Beans resolved by name: resolving again for every partition showed in profiles. */
  private final Map<String, Bean<?>> byName = new ConcurrentHashMap<>();

  /**
   * How to make each artifact class without Weld ({@link ArtifactRecipe}), or {@link #BY_WELD}:
   * found once per class, on its first creation.
   */
  private final Map<Class<?>, Object> recipes = new ConcurrentHashMap<>();

  private static final Object BY_WELD = new Object();

  CdiArtifactFactory(BeanManager beans) {
    this.beans = beans;
  }

  @Override
  public Object create(String ref, Class<?> cls, ClassLoader classLoader) {
    Bean<?> bean = bean(ref);
    if (bean == null) {
      return null;
    }
    Object recipe =
        recipes.computeIfAbsent(
            bean.getBeanClass(),
            c -> {
              ArtifactRecipe made = ArtifactRecipe.of(bean, beans);
              return made == null ? BY_WELD : made;
            });
    if (recipe instanceof ArtifactRecipe plain) {
      return plain.create(); // holds nothing for destroy() to release
    }
    CreationalContext<?> context = beans.createCreationalContext(bean);
    Object artifact = beans.getReference(bean, bean.getBeanClass(), context);
    contexts.put(artifact, context);
    return artifact;
  }

  @Override
  public void destroy(Object artifact) {
    if (artifact == null) {
      return;
    }
    CreationalContext<?> context = contexts.remove(artifact);
    if (context != null) {
      context.release();
    }
  }

  @Override
  public Class<?> getArtifactClass(String ref, ClassLoader classLoader) {
    Bean<?> bean = bean(ref);
    return bean == null ? null : bean.getBeanClass();
  }

  private Bean<?> bean(String ref) {
    Bean<?> known = byName.get(ref);
    if (known != null) {
      return known;
    }
    Bean<?> bean = beans.resolve(beans.getBeans(ref));
    if (bean != null) {
      byName.putIfAbsent(ref, bean); // bounded by the artifact names in the job XML
    }
    return bean;
  }
}
