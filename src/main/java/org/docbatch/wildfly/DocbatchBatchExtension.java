package org.docbatch.wildfly;

import org.jboss.as.controller.AbstractAddStepHandler;
import org.jboss.as.controller.Extension;
import org.jboss.as.controller.ExtensionContext;
import org.jboss.as.controller.ModelVersion;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.PersistentResourceXMLDescription;
import org.jboss.as.controller.PersistentResourceXMLParser;
import org.jboss.as.controller.ReloadRequiredRemoveStepHandler;
import org.jboss.as.controller.SimpleResourceDefinition;
import org.jboss.as.controller.SubsystemRegistration;
import org.jboss.as.controller.descriptions.NonResolvingResourceDescriptionResolver;
import org.jboss.as.controller.parsing.ExtensionParsingContext;
import org.jboss.as.controller.registry.ManagementResourceRegistration;

/**
 * docbatch's WildFly extension (module {@code org.docbatch.batch}): the subsystem {@value
 * #SUBSYSTEM} with one kind of child, {@code redis-job-repository=<name>}, a job repository the
 * batch subsystem can name in {@code default-job-repository} ({@link RedisJobRepositoryResource}).
 *
 * <p>{@code wildfly-config/server.cli} adds it; the server's configuration file keeps it as {@code
 * <subsystem xmlns="urn:docbatch:batch:1.0"><redis-job-repository name="redis"/></subsystem>}.
 */
public final class DocbatchBatchExtension implements Extension {

  public static final String SUBSYSTEM = "docbatch-batch";
  static final String NAMESPACE = "urn:docbatch:batch:1.0";
  static final PathElement SUBSYSTEM_PATH = PathElement.pathElement("subsystem", SUBSYSTEM);

  private static final Parser PARSER = new Parser();

  @Override
  public void initialize(ExtensionContext context) {
    SubsystemRegistration subsystem = context.registerSubsystem(SUBSYSTEM, ModelVersion.create(1));
    ManagementResourceRegistration registration =
        subsystem.registerSubsystemModel(
            new SimpleResourceDefinition(
                new SimpleResourceDefinition.Parameters(
                        SUBSYSTEM_PATH, NonResolvingResourceDescriptionResolver.INSTANCE)
                    .setAddHandler(new SubsystemAdd())
                    .setRemoveHandler(ReloadRequiredRemoveStepHandler.INSTANCE)));
    registration.registerSubModel(new RedisJobRepositoryResource());
    subsystem.registerXMLElementWriter(PARSER);
  }

  @Override
  public void initializeParsers(ExtensionParsingContext context) {
    context.setSubsystemXmlMapping(SUBSYSTEM, NAMESPACE, PARSER);
  }

  /** The subsystem itself holds nothing; its children are the repositories. */
  private static final class SubsystemAdd extends AbstractAddStepHandler {}

  /**
   * Reads and writes the subsystem's XML from the description of its resources. (The parser is an
   * {@code XMLStreamConstants}, whose {@code NAMESPACE} is an int: hence the qualified name.)
   */
  private static final class Parser extends PersistentResourceXMLParser {
    @Override
    public PersistentResourceXMLDescription getParserDescription() {
      return PersistentResourceXMLDescription.builder(
              SUBSYSTEM_PATH, DocbatchBatchExtension.NAMESPACE)
          .addChild(
              PersistentResourceXMLDescription.builder(RedisJobRepositoryResource.PATH)
                  .addAttributes(RedisJobRepositoryResource.WAIT_TIMEOUT))
          .build();
    }
  }
}
