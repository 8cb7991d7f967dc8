package org.docbatch.wildfly;

import java.time.Duration;
import java.util.function.Consumer;
import org.jberet.repository.JobRepository;
import org.jboss.as.controller.AbstractAddStepHandler;
import org.jboss.as.controller.CapabilityServiceBuilder;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ReloadRequiredRemoveStepHandler;
import org.jboss.as.controller.ReloadRequiredWriteAttributeHandler;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.SimpleResourceDefinition;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.descriptions.NonResolvingResourceDescriptionResolver;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.Resource;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.jboss.msc.Service;
import org.jboss.msc.service.ServiceName;

/**
 * {@code /subsystem=docbatch-batch/redis-job-repository=<name>}: provides the batch subsystem's
 * job-repository capability under {@code <name>} with docbatch's {@link PluggableJobRepository}, so
 * that {@code /subsystem=batch-jberet:write-attribute(name=default-job-repository,value=<name>)}
 * gives every deployment's job operator the Redis repository.
 *
 * <p>The capability's name, {@value #CAPABILITY_NAME}, is the one the batch subsystem looks its
 * repositories up by (WildFly 39's {@code batch-jberet}); it is declared there in a private
 * package, not a public API: {@code EveryNodeSeesEveryJobIT} fails first if an upgrade changes it.
 */
final class RedisJobRepositoryResource extends SimpleResourceDefinition {

  static final String CAPABILITY_NAME = "org.wildfly.batch.job.repository";
  static final PathElement PATH = PathElement.pathElement("redis-job-repository");

  static final RuntimeCapability<Void> CAPABILITY =
      RuntimeCapability.Builder.of(CAPABILITY_NAME, true, JobRepository.class).build();

  /**
   * How long a call waits for the application to plug its repository in (seconds): calls come from
   * the batch subsystem only once the application deploys, so this is a bound, not a delay.
   */
  static final SimpleAttributeDefinition WAIT_TIMEOUT =
      new SimpleAttributeDefinitionBuilder("wait-timeout", ModelType.LONG, true)
          .setAllowExpression(true)
          .setDefaultValue(new ModelNode(60L))
          .build();

  RedisJobRepositoryResource() {
    super(
        new Parameters(PATH, NonResolvingResourceDescriptionResolver.INSTANCE)
            .setAddHandler(new Add())
            .setRemoveHandler(ReloadRequiredRemoveStepHandler.INSTANCE)
            .setCapabilities(CAPABILITY));
  }

  @Override
  public void registerAttributes(ManagementResourceRegistration registration) {
    registration.registerReadWriteAttribute(
        WAIT_TIMEOUT, null, new ReloadRequiredWriteAttributeHandler(WAIT_TIMEOUT));
  }

  private static final class Add extends AbstractAddStepHandler {
    Add() {
      super(WAIT_TIMEOUT);
    }

    @Override
    protected void performRuntime(OperationContext context, ModelNode operation, Resource resource)
        throws OperationFailedException {
      long timeout = WAIT_TIMEOUT.resolveModelAttribute(context, resource.getModel()).asLong();
      PluggableJobRepository repository = PluggableJobRepository.server();
      repository.waitTimeout(Duration.ofSeconds(timeout));
      ServiceName name =
          context.getCapabilityServiceName(
              CAPABILITY_NAME, context.getCurrentAddressValue(), JobRepository.class);
      CapabilityServiceBuilder<?> builder = context.getCapabilityServiceTarget().addService(name);
      Consumer<JobRepository> provided = builder.provides(name);
      builder.setInstance(Service.newInstance(provided, repository)).install();
    }
  }
}
