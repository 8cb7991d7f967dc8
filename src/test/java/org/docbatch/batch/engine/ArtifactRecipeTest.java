package org.docbatch.batch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jberet.creation.ArtifactCreationContext;
import org.jberet.creation.BatchBeanProducer;
import org.jberet.job.model.Properties;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Artifacts made without Weld get what Weld (with JBeret's producers) would inject, and the ones
 * that need Weld are left to it. Runs on Weld SE with JBeret's own {@link BatchBeanProducer}.
 */
class ArtifactRecipeTest {

  private static WeldContainer weld;
  private static BeanManager beans;

  @BeforeAll
  static void startWeld() {
    weld =
        new Weld()
            .disableDiscovery()
            .addBeanClasses(
                BatchBeanProducer.class,
                Shared.class,
                Plain.class,
                WithCallback.class,
                OwnHelper.class,
                Helper.class,
                Intercepted.class,
                CountingInterceptor.class)
            .initialize();
    beans = weld.getBeanManager();
  }

  @AfterAll
  static void stopWeld() {
    weld.shutdown();
  }

  @AfterEach
  void leaveNoCreationContext() {
    ArtifactCreationContext.removeCurrentArtifactCreationContext();
  }

  @Test
  void aPlainArtifactGetsWhatWeldWouldInject() {
    CdiArtifactFactory factory = new CdiArtifactFactory(beans);
    Properties properties = properties(Map.of("jobId", "job-1", "other", "renamed"));
    ArtifactCreationContext.resetArtifactCreationContext(null, null, properties);

    Plain byRecipe = (Plain) factory.create("plain", null, null);
    Plain byWeld = (Plain) byWeld("plain");

    assertNotNull(ArtifactRecipe.of(bean("plain"), beans));
    assertSame(Plain.class, byRecipe.getClass());
    assertEquals("job-1", byRecipe.jobId);
    assertEquals("renamed", byRecipe.renamed);
    assertEquals("initial", byRecipe.missing); // a property the step does not set: left alone
    assertEquals(byWeld.jobId, byRecipe.jobId);
    assertEquals(byWeld.renamed, byRecipe.renamed);
    assertEquals(byWeld.missing, byRecipe.missing);
    assertEquals(byWeld.shared.id(), byRecipe.shared.id()); // the one application-scoped bean
  }

  @Test
  void eachCreationIsANewInstanceWithItsOwnProperties() {
    CdiArtifactFactory factory = new CdiArtifactFactory(beans);
    Properties first = properties(Map.of("jobId", "a"));
    ArtifactCreationContext.resetArtifactCreationContext(null, null, first);
    Plain one = (Plain) factory.create("plain", null, null);
    Properties second = properties(Map.of("jobId", "b"));
    ArtifactCreationContext.resetArtifactCreationContext(null, null, second);
    Plain two = (Plain) factory.create("plain", null, null);

    assertNotSame(one, two);
    assertEquals("a", one.jobId);
    assertEquals("b", two.jobId);
  }

  @Test
  void artifactsThatNeedTheContainerAreLeftToWeld() {
    assertNull(ArtifactRecipe.of(bean("withCallback"), beans));
    assertNull(ArtifactRecipe.of(bean("ownHelper"), beans));
    assertNull(ArtifactRecipe.of(bean("intercepted"), beans));

    CdiArtifactFactory factory = new CdiArtifactFactory(beans);
    ArtifactCreationContext.resetArtifactCreationContext(null, null, new Properties());
    WithCallback withCallback = (WithCallback) factory.create("withCallback", null, null);
    OwnHelper ownHelper = (OwnHelper) factory.create("ownHelper", null, null);

    Intercepted intercepted = (Intercepted) factory.create("intercepted", null, null);

    assertEquals(true, withCallback.constructed);
    assertNotNull(ownHelper.helper);
    assertEquals("intercepted", intercepted.process());
    factory.destroy(withCallback);
    factory.destroy(ownHelper);
  }

  /** A step's resolved properties, as PartitionRun sets them. */
  private static Properties properties(Map<String, String> values) {
    Properties properties = new Properties();
    properties.setNameValues(new LinkedHashMap<>(values));
    return properties;
  }

  private static Bean<?> bean(String name) {
    return beans.resolve(beans.getBeans(name));
  }

  private static Object byWeld(String name) {
    Bean<?> bean = bean(name);
    return beans.getReference(bean, bean.getBeanClass(), beans.createCreationalContext(bean));
  }

  /** An application-scoped service, shared by every artifact. */
  @ApplicationScoped
  public static class Shared {
    private final Object id = new Object();

    public Object id() {
      return id;
    }
  }

  @Named("plain")
  @Dependent
  public static class Plain {
    @Inject @BatchProperty String jobId;

    @Inject
    @BatchProperty(name = "other")
    String renamed;

    @Inject @BatchProperty String missing = "initial";
    @Inject Shared shared;
  }

  @Named("withCallback")
  @Dependent
  public static class WithCallback {
    boolean constructed;

    @PostConstruct
    void construct() {
      constructed = true;
    }
  }

  /** A {@code @Dependent} helper: each artifact must get its own. */
  @Dependent
  public static class Helper {}

  /** An interceptor binding: Weld must make the artifacts that carry it. */
  @InterceptorBinding
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  public @interface Counted {}

  @Counted
  @Interceptor
  @Priority(Interceptor.Priority.APPLICATION)
  public static class CountingInterceptor {
    @AroundInvoke
    Object around(InvocationContext invocation) throws Exception {
      return "intercepted";
    }
  }

  @Named("intercepted")
  @Dependent
  @Counted
  public static class Intercepted {
    public String process() {
      return "not intercepted";
    }
  }

  @Named("ownHelper")
  @Dependent
  public static class OwnHelper {
    @Inject Helper helper;
  }
}
