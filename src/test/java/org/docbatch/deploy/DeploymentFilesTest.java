package org.docbatch.deploy;

import static org.docbatch.deploy.DeploymentFiles.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.docbatch.config.Setting;
import org.docbatch.config.Settings;
import org.docbatch.deploy.DeploymentFiles.Instruction;
import org.docbatch.monitoring.PrometheusRules;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with each other and with the server: probes on the health endpoints
 * the node serves, grace periods longer than docbatch's own, environment variables the node reads,
 * the shipped alert rules, a KEDA query on a metric the node exports. No Docker engine nor cluster
 * runs here; {@code deploy/check} validates the same files against the Kubernetes, KEDA and Compose
 * schemas.
 */
class DeploymentFilesTest {

  /** The kinds deploy/k8s may hold, by apiVersion. */
  private static final Map<String, Set<String>> KINDS =
      Map.of(
          "v1", Set.of("ConfigMap", "Service", "PersistentVolumeClaim"),
          "apps/v1", Set.of("Deployment"),
          "policy/v1", Set.of("PodDisruptionBudget"),
          "networking.k8s.io/v1", Set.of("NetworkPolicy"),
          "monitoring.coreos.com/v1", Set.of("ServiceMonitor", "PrometheusRule"),
          "keda.sh/v1alpha1", Set.of("ScaledObject"));

  /**
   * Variables read by the launch (JVM, WildFly's CLI, the image's command line), not by docbatch's
   * Settings.
   */
  private static final Set<String> LAUNCH_VARIABLES =
      Set.of("JAVA_OPTS", "CORENLP_MODELS_DIR", "BIND_ADDRESS", "DOCBATCH_INSTALL_DIR");

  private static final int MANAGEMENT_PORT = 9990;
  private static final Map<String, String> PROBES =
      Map.of(
          "startupProbe", "/health/started",
          "readinessProbe", "/health/ready",
          "livenessProbe", "/health/live");

  private static final double SHUTDOWN_GRACE_SECONDS =
      Double.parseDouble(Settings.find("shutdown.grace.seconds").orElseThrow().defaultValue());

  /** WildFly's own stop after the grace period (about 1 s), and room to spare. */
  private static final int MARGIN_SECONDS = 5;

  @Test
  void everyManifestIsAKnownKindAndTheKustomizationListsThemAll() throws Exception {
    Set<String> files = new TreeSet<>();
    for (var entry : DeploymentFiles.manifests().entrySet()) {
      files.add(entry.getKey().getFileName().toString());
      assertFalse(entry.getValue().isEmpty(), entry.getKey() + " is empty");
      for (Map<String, Object> object : entry.getValue()) {
        String apiVersion = (String) object.get("apiVersion");
        String kind = (String) object.get("kind");
        assertTrue(
            KINDS.getOrDefault(apiVersion, Set.of()).contains(kind),
            entry.getKey() + ": unexpected " + apiVersion + " " + kind);
        assertTrue(at(object, "metadata", "name") instanceof String, entry.getKey() + " name");
      }
    }
    Map<String, Object> kustomization =
        DeploymentFiles.yamlDocuments(DeploymentFiles.K8S.resolve("kustomization.yaml")).get(0);
    assertEquals("Kustomization", kustomization.get("kind"));
    List<String> resources = at(kustomization, "resources");
    assertEquals(files, new TreeSet<>(resources));
  }

  /** Issue 22: the Service exposed 9990 (console, management operations) to every pod. */
  @Test
  void theManagementPortIsNotOpenToEveryPod() throws Exception {
    Map<String, Object> policy = DeploymentFiles.manifest("NetworkPolicy");
    Map<String, Object> podLabels =
        at(DeploymentFiles.manifest("Deployment"), "spec", "template", "metadata", "labels");
    assertTrue(selects(podLabels, at(policy, "spec", "podSelector", "matchLabels")), "selects");
    assertEquals(List.of("Ingress"), at(policy, "spec", "policyTypes"));
    List<Map<String, Object>> rules = at(policy, "spec", "ingress");
    for (Map<String, Object> rule : rules) {
      List<Map<String, Object>> ports = at(rule, "ports");
      boolean management =
          ports.stream()
              .anyMatch(
                  port ->
                      "management".equals(port.get("port"))
                          || Integer.valueOf(MANAGEMENT_PORT).equals(port.get("port")));
      if (management) {
        List<Map<String, Object>> from = at(rule, "from");
        assertFalse(from == null || from.isEmpty(), "9990 is open to everyone: " + rule);
        from.forEach(
            peer ->
                assertTrue(
                    peer.containsKey("namespaceSelector") || peer.containsKey("podSelector"),
                    "9990 is open to " + peer));
      }
    }
  }

  @Test
  void probesAskTheHealthEndpointsOnTheManagementPort() throws Exception {
    Map<String, Object> container = container();
    Map<String, Integer> ports = new HashMap<>();
    for (Map<String, Object> port :
        DeploymentFiles.<List<Map<String, Object>>>at(container, "ports")) {
      ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
    }
    for (var probe : PROBES.entrySet()) {
      Map<String, Object> get = at(container, probe.getKey(), "httpGet");
      assertEquals(probe.getValue(), get.get("path"), probe.getKey());
      assertEquals(MANAGEMENT_PORT, ports.get((String) get.get("port")), probe.getKey() + " port");
    }
    assertEquals(8080, ports.get("http"));
    Map<String, Object> annotations =
        at(DeploymentFiles.manifest("Deployment"), "spec", "template", "metadata", "annotations");
    assertEquals(String.valueOf(MANAGEMENT_PORT), annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));
  }

  @Test
  void theServicePdbAndServiceMonitorSelectTheDeploymentsPods() throws Exception {
    Map<String, Object> deployment = DeploymentFiles.manifest("Deployment");
    Map<String, Object> podLabels = at(deployment, "spec", "template", "metadata", "labels");
    Map<String, Object> service = DeploymentFiles.manifest("Service");
    assertTrue(selects(podLabels, at(service, "spec", "selector")), "Service selector");
    Map<String, Object> pdb = DeploymentFiles.manifest("PodDisruptionBudget");
    assertTrue(selects(podLabels, at(pdb, "spec", "selector", "matchLabels")), "PDB selector");
    assertEquals(podLabels, at(deployment, "spec", "selector", "matchLabels"));

    Set<String> containerPorts = new HashSet<>();
    for (Map<String, Object> port :
        DeploymentFiles.<List<Map<String, Object>>>at(container(), "ports")) {
      containerPorts.add((String) port.get("name"));
    }
    Set<String> servicePorts = new HashSet<>();
    for (Map<String, Object> port :
        DeploymentFiles.<List<Map<String, Object>>>at(service, "spec", "ports")) {
      assertTrue(containerPorts.contains(port.get("targetPort")), "targetPort " + port);
      servicePorts.add((String) port.get("name"));
    }
    Map<String, Object> monitor = DeploymentFiles.manifest("ServiceMonitor");
    Map<String, Object> serviceLabels = at(service, "metadata", "labels");
    assertTrue(
        selects(serviceLabels, at(monitor, "spec", "selector", "matchLabels")), "ServiceMonitor");
    Map<String, Object> endpoint = at(monitor, "spec", "endpoints", 0);
    assertTrue(servicePorts.contains(endpoint.get("port")), "ServiceMonitor port " + endpoint);
    assertEquals("/metrics", endpoint.get("path"));
  }

  @Test
  void everyStopWaitsLongerThanTheShutdownGracePeriod() throws Exception {
    Map<String, Object> configMap = DeploymentFiles.manifest("ConfigMap");
    double grace = Double.parseDouble(at(configMap, "data", "SHUTDOWN_GRACE_SECONDS"));
    assertEquals(SHUTDOWN_GRACE_SECONDS, grace, "the ConfigMap's grace is docbatch's default");

    Map<String, Object> pod =
        at(DeploymentFiles.manifest("Deployment"), "spec", "template", "spec");
    List<String> preStop = at(container(), "lifecycle", "preStop", "exec", "command");
    assertEquals("sleep", preStop.get(0));
    int termination = (Integer) pod.get("terminationGracePeriodSeconds");
    assertTrue(
        termination >= Integer.parseInt(preStop.get(1)) + grace + MARGIN_SECONDS,
        "terminationGracePeriodSeconds " + termination);

    for (String node : composeNodes()) {
      Map<String, Object> service = at(compose(), "services", node);
      String stop = (String) service.get("stop_grace_period");
      assertTrue(stop.matches("\\d+s"), node + " stop_grace_period " + stop);
      int seconds = Integer.parseInt(stop.substring(0, stop.length() - 1));
      double composeGrace =
          Double.parseDouble(
              String.valueOf((Object) at(service, "environment", "SHUTDOWN_GRACE_SECONDS")));
      assertTrue(seconds >= composeGrace + MARGIN_SECONDS, node + " stop_grace_period " + stop);
    }

    Map<String, String> unit = DeploymentFiles.keyValues(DeploymentFiles.SYSTEMD_UNIT);
    double unitGrace =
        Double.parseDouble(
            DeploymentFiles.keyValues(DeploymentFiles.SYSTEMD_ENV).get("SHUTDOWN_GRACE_SECONDS"));
    assertTrue(
        Integer.parseInt(unit.get("TimeoutStopSec")) >= unitGrace + MARGIN_SECONDS,
        "TimeoutStopSec " + unit.get("TimeoutStopSec"));
  }

  @Test
  void everyEnvironmentVariableIsOneTheNodeReads() throws Exception {
    Set<String> known =
        Settings.all().stream().map(Setting::environmentName).collect(Collectors.toSet());
    known.addAll(LAUNCH_VARIABLES);
    Map<String, Set<String>> used = new HashMap<>();
    used.put(
        "ConfigMap",
        DeploymentFiles.<Map<String, Object>>at(DeploymentFiles.manifest("ConfigMap"), "data")
            .keySet());
    used.put("Deployment", deploymentEnvironment().keySet());
    for (String node : composeNodes()) {
      used.put(node, composeEnvironment(node).keySet());
    }
    used.put("docbatch.env", DeploymentFiles.keyValues(DeploymentFiles.SYSTEMD_ENV).keySet());
    used.put("Dockerfile", dockerEnvironment().keySet());
    for (var entry : used.entrySet()) {
      Set<String> unknown = new TreeSet<>(entry.getValue());
      unknown.removeAll(known);
      assertEquals(Set.of(), unknown, entry.getKey() + " sets variables docbatch does not read");
    }
  }

  /**
   * Issue 20's deployments without shared volumes: the compose overlay and the kustomize overlay
   * set only variables a node reads, point every node at a bucket for uploads and outputs, and the
   * overlay drops the volume claims.
   */
  @Test
  void theObjectStorageVariantsSetKnownVariablesAndNeedNoSharedVolume() throws Exception {
    Set<String> known =
        Settings.all().stream().map(Setting::environmentName).collect(Collectors.toSet());
    known.addAll(AWS_SDK_VARIABLES);
    Map<String, Object> overlay =
        DeploymentFiles.yamlDocuments(Path.of("docker-compose.s3.yml")).get(0);
    for (String node : composeNodes()) {
      Map<String, Object> environment = at(overlay, "services", node, "environment");
      Set<String> unknown = new TreeSet<>(environment.keySet());
      unknown.removeAll(known);
      assertEquals(Set.of(), unknown, node + " in docker-compose.s3.yml");
      assertTrue(String.valueOf(environment.get("OUTPUT_ROOT")).startsWith("s3://"), node);
      assertTrue(String.valueOf(environment.get("UPLOAD_ROOT")).startsWith("s3://"), node);
    }
    Path k8s = Path.of("deploy", "k8s-object-storage", "kustomization.yaml");
    Map<String, Object> kustomization = DeploymentFiles.yamlDocuments(k8s).get(0);
    String patches = String.valueOf(kustomization.get("patches"));
    for (String variable : List.of("OUTPUT_ROOT", "UPLOAD_ROOT", "S3_ALLOWED", "AWS_REGION")) {
      assertTrue(patches.contains("/data/" + variable), variable + " in " + k8s);
      assertTrue(known.contains(variable), variable);
    }
    assertTrue(patches.contains("kind: PersistentVolumeClaim"), "the claims are deleted");
  }

  /** Read by the AWS SDK's own chains, not by docbatch's configuration. */
  private static final Set<String> AWS_SDK_VARIABLES =
      Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

  @Test
  void eachNodeHasItsOwnNodeId() throws Exception {
    Map<String, Object> nodeId = null;
    for (Map<String, Object> variable :
        DeploymentFiles.<List<Map<String, Object>>>at(container(), "env")) {
      if ("NODE_ID".equals(variable.get("name"))) {
        nodeId = variable;
      }
    }
    assertEquals("metadata.name", at(nodeId, "valueFrom", "fieldRef", "fieldPath"));
    Set<Object> composeIds = new HashSet<>();
    for (String node : composeNodes()) {
      assertTrue(composeIds.add(composeEnvironment(node).get("NODE_ID")), node + " NODE_ID");
    }
    assertFalse(composeIds.contains(null));
  }

  @Test
  void thePrometheusRuleCarriesTheShippedAlerts() throws Exception {
    Map<String, Object> shipped = DeploymentFiles.yamlDocuments(PrometheusRules.FILE).get(0);
    Map<String, Object> rule = DeploymentFiles.manifest("PrometheusRule");
    assertEquals(
        shipped.get("groups"), at(rule, "spec", "groups"), "run deploy/k8s/prometheusrule.sh");
  }

  @Test
  void kedaScalesTheDeploymentOnEachWorkerTypesBacklog() throws Exception {
    Map<String, Object> scaled = DeploymentFiles.manifest("ScaledObject");
    String deployment = at(DeploymentFiles.manifest("Deployment"), "metadata", "name");
    assertEquals(deployment, at(scaled, "spec", "scaleTargetRef", "name"));
    Pattern query =
        Pattern.compile(
            "max\\((docbatch_[a-z_]+)\\{worker_type=\"([a-z]+)\"\\}\\)( or vector\\(0\\))?");
    Set<String> types = new TreeSet<>();
    for (Map<String, Object> trigger :
        DeploymentFiles.<List<Map<String, Object>>>at(scaled, "spec", "triggers")) {
      assertEquals("prometheus", trigger.get("type"));
      Matcher matcher = query.matcher(at(trigger, "metadata", "query"));
      assertTrue(matcher.matches(), "query " + at(trigger, "metadata", "query"));
      assertEquals("docbatch_queue_backlog", matcher.group(1));
      assertTrue(exportedByTheNode(matcher.group(1)), matcher.group(1) + " is not exported");
      String type = matcher.group(2);
      assertTrue(Settings.WORKER_TYPES.contains(type), type);
      types.add(type);
      assertEquals(
          String.valueOf(Settings.DEFAULT_POOL_SIZES.get(type)),
          at(trigger, "metadata", "threshold"),
          type + ": the threshold is one node's pool (" + type.toUpperCase() + "_WORKERS)");
    }
    Set<String> expected = new TreeSet<>(Settings.WORKER_TYPES);
    expected.remove("noop");
    assertEquals(expected, types);
  }

  @Test
  void composeRunsRedisWithAofAndTwoNodesSharingTheDocuments() throws Exception {
    Map<String, Object> compose = compose();
    Map<String, Object> services = at(compose, "services");
    Set<String> volumes = DeploymentFiles.<Map<String, Object>>at(compose, "volumes").keySet();
    List<String> redisCommand = at(services, "redis", "command");
    assertTrue(String.join(" ", redisCommand).contains("--appendonly yes"), "Redis AOF");
    assertEquals(2, composeNodes().size());
    Set<String> hostPorts = new HashSet<>();
    for (String node : composeNodes()) {
      Map<String, Object> service = at(services, node);
      assertTrue(
          ((Map<?, ?>) service.get("depends_on"))
              .keySet().stream().allMatch(services::containsKey));
      assertEquals("redis://redis:6379/0", composeEnvironment(node).get("REDIS_URL"));
      for (String mount : DeploymentFiles.<List<String>>at(service, "volumes")) {
        assertTrue(volumes.contains(mount.split(":")[0]), node + " mounts " + mount);
      }
      assertTrue(
          DeploymentFiles.<List<String>>at(service, "volumes")
              .contains("documents:" + composeEnvironment(node).get("DOCUMENT_ROOT")));
      for (String port : DeploymentFiles.<List<String>>at(service, "ports")) {
        String[] parts = port.split(":");
        assertTrue(hostPorts.add(port.substring(0, port.lastIndexOf(':'))), "port " + port);
        if (parts[parts.length - 1].equals(String.valueOf(MANAGEMENT_PORT))) {
          assertEquals("127.0.0.1", parts[0], node + ": management only on the host's loopback");
        }
      }
    }
  }

  private static final String JAR = "/opt/docbatch/docbatch-bootable.jar";
  private static final String ARCHIVE = "/opt/docbatch/docbatch-bootable.jsa";
  private static final String JVM_OPTIONS = "/opt/docbatch/jvm.options";

  @Test
  void theDockerfileBuildsInTwoStagesAndRunsLikeBinRun() throws Exception {
    List<Instruction> instructions = DeploymentFiles.dockerfile();
    List<String> stages =
        instructions.stream()
            .filter(i -> i.keyword().equals("FROM"))
            .map(Instruction::arguments)
            .toList();
    assertEquals(2, stages.size(), "stages " + stages);
    assertTrue(stages.get(0).matches("maven:3\\.9-eclipse-temurin-17 AS build"), stages.get(0));
    for (Instruction copy : instructions) {
      if (copy.keyword().equals("COPY") && !copy.arguments().startsWith("--from")) {
        String source = copy.arguments().split("\\s+")[0];
        assertTrue(Files.exists(Path.of(source)), "COPY of a missing " + source);
      }
    }
    List<String> fromBuild =
        instructions.stream()
            .filter(i -> i.keyword().equals("COPY") && i.arguments().startsWith("--from=build"))
            .map(Instruction::arguments)
            .toList();
    assertEquals(2, fromBuild.size());
    assertTrue(
        fromBuild.get(0).contains("target/corenlp-models/"), "the models' layer comes first");
    assertTrue(fromBuild.get(1).contains("target/docbatch-bootable.jar"));
    assertTrue(
        instructions.stream()
            .anyMatch(
                i ->
                    i.keyword().equals("RUN")
                        && i.arguments().contains("--mount=type=cache,target=/root/.m2")));

    Map<String, String> environment = dockerEnvironment();
    assertEquals("/data/documents", environment.get("DOCUMENT_ROOT"));
    assertTrue(environment.get("JAVA_OPTS").contains("-XX:MaxRAMPercentage="));
    assertTrue(
        environment.get("CORENLP_MODELS_DIR").startsWith("/opt/docbatch/corenlp-models"),
        "CORENLP_MODELS_DIR is where the models are copied");

    String user = last(instructions, "USER");
    assertFalse(user.equals("root") || user.equals("0"), "USER " + user);
    String check = last(instructions, "HEALTHCHECK");
    assertTrue(check.contains("http://127.0.0.1:" + MANAGEMENT_PORT + "/health/ready"), check);
    String entrypoint = last(instructions, "ENTRYPOINT");
    assertTrue(entrypoint.contains("$JAVA_OPTS -jar /opt/docbatch/docbatch-bootable.jar"));
    // The class-data sharing archive is made in the image, by its java, from the JAR it runs.
    assertTrue(
        instructions.stream()
            .anyMatch(
                i ->
                    i.keyword().equals("RUN")
                        && i.arguments().contains("cds-archive " + JAR + " " + ARCHIVE)),
        "a training start makes " + ARCHIVE);
    assertTrue(
        entrypoint.contains(
            "exec java @" + JVM_OPTIONS + " -XX:SharedArchiveFile=" + ARCHIVE + " $JAVA_OPTS"),
        entrypoint);
    assertTrue(
        instructions.stream()
            .anyMatch(
                i ->
                    i.keyword().equals("COPY")
                        && i.arguments().equals("wildfly-config/jvm.options " + JVM_OPTIONS)),
        "the image has the JVM options its command reads");
    assertTrue(
        entrypoint.contains("-bmanagement=0.0.0.0"), "health must answer outside the container");
    // deploy/k8s sets DOCBATCH_INSTALL_DIR (a memory-backed volume): the command must pass it on.
    assertTrue(
        entrypoint.contains("${DOCBATCH_INSTALL_DIR:+--install-dir=$DOCBATCH_INSTALL_DIR}"),
        "the image's command passes DOCBATCH_INSTALL_DIR to the bootable JAR");
  }

  /**
   * The production profile refuses every request without a credential: each way of deploying hands
   * the node an API key file, from where that platform keeps secrets, and none turns authentication
   * off.
   */
  @Test
  void everyDeploymentGivesTheNodesAnApiKeyFile() throws Exception {
    // Kubernetes: a Secret mounted as a folder (a subPath mount would never see the file change).
    String keysFile = deploymentEnvironment().get("API_KEYS_FILE");
    Map<String, Object> pod =
        at(DeploymentFiles.manifest("Deployment"), "spec", "template", "spec");
    List<Map<String, Object>> volumes = at(pod, "volumes");
    List<Map<String, Object>> mounts = at(container(), "volumeMounts");
    boolean fromSecret =
        mounts.stream()
            .filter(mount -> keysFile.startsWith(mount.get("mountPath") + "/"))
            .filter(mount -> mount.get("subPath") == null)
            .anyMatch(
                mount ->
                    volumes.stream()
                        .anyMatch(
                            volume ->
                                volume.get("name").equals(mount.get("name"))
                                    && volume.get("secret") != null));
    assertTrue(fromSecret, "API_KEYS_FILE " + keysFile + " is in a mounted Secret");

    // Compose: a secret every node gets, mounted at /run/secrets/<name>.
    Map<String, Object> secrets = at(compose(), "secrets");
    for (String node : composeNodes()) {
      String file = String.valueOf(composeEnvironment(node).get("API_KEYS_FILE"));
      List<String> own = at(compose(), "services", node, "secrets");
      String name = file.substring(file.lastIndexOf('/') + 1);
      assertEquals("/run/secrets/" + name, file, node);
      assertTrue(
          own.contains(name) && secrets.containsKey(name), node + " gets the secret " + name);
    }

    // systemd: a file beside the environment file.
    Map<String, String> systemd = DeploymentFiles.keyValues(DeploymentFiles.SYSTEMD_ENV);
    assertTrue(systemd.get("API_KEYS_FILE").startsWith("/etc/docbatch/"), systemd.toString());

    List<Map<String, ?>> environments = new ArrayList<>();
    environments.add(deploymentEnvironment());
    environments.add(
        DeploymentFiles.<Map<String, Object>>at(DeploymentFiles.manifest("ConfigMap"), "data"));
    environments.add(systemd);
    environments.add(dockerEnvironment());
    for (String node : composeNodes()) {
      environments.add(composeEnvironment(node));
    }
    for (Map<String, ?> environment : environments) {
      assertFalse(
          "false".equals(String.valueOf(environment.get("AUTH_ENABLED"))),
          "a deployment with authentication off: " + environment);
    }
  }

  @Test
  void theSystemdUnitRestartsAlwaysAndReadsTheEnvironmentFile() throws Exception {
    Map<String, String> unit = DeploymentFiles.keyValues(DeploymentFiles.SYSTEMD_UNIT);
    assertEquals("always", unit.get("Restart"));
    assertEquals("/etc/docbatch/docbatch.env", unit.get("EnvironmentFile"));
    assertEquals("78", unit.get("RestartPreventExitStatus"), "an invalid configuration stops");
    assertTrue(unit.get("ExecStart").contains("-jar /opt/docbatch/docbatch-bootable.jar"));
    assertTrue(unit.get("ExecStart").contains("-XX:SharedArchiveFile=" + ARCHIVE));
    assertTrue(unit.get("ExecStart").startsWith("/usr/bin/java @" + JVM_OPTIONS + " "));
    Set<String> referenced = new TreeSet<>();
    Matcher variable = Pattern.compile("\\$\\{?([A-Z_]+)").matcher(unit.get("ExecStart"));
    while (variable.find()) {
      referenced.add(variable.group(1));
    }
    Set<String> defined = DeploymentFiles.keyValues(DeploymentFiles.SYSTEMD_ENV).keySet();
    assertTrue(defined.containsAll(referenced), "ExecStart uses " + referenced);
  }

  private static boolean selects(Map<String, Object> labels, Map<String, Object> selector) {
    return labels.entrySet().containsAll(selector.entrySet());
  }

  private static Map<String, Object> container() throws IOException {
    return at(DeploymentFiles.manifest("Deployment"), "spec", "template", "spec", "containers", 0);
  }

  private static Map<String, String> deploymentEnvironment() throws IOException {
    Map<String, String> environment = new HashMap<>();
    for (Map<String, Object> variable :
        DeploymentFiles.<List<Map<String, Object>>>at(container(), "env")) {
      environment.put((String) variable.get("name"), (String) variable.get("value"));
    }
    return environment;
  }

  private static Map<String, Object> compose() throws IOException {
    return DeploymentFiles.yamlDocuments(DeploymentFiles.COMPOSE).get(0);
  }

  private static List<String> composeNodes() throws IOException {
    Map<String, Object> services = at(compose(), "services");
    return services.keySet().stream().filter(name -> name.startsWith("docbatch")).sorted().toList();
  }

  private static Map<String, Object> composeEnvironment(String node) throws IOException {
    return at(compose(), "services", node, "environment");
  }

  private static Map<String, String> dockerEnvironment() throws IOException {
    Map<String, String> environment = new HashMap<>();
    Pattern pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)");
    for (Instruction instruction : DeploymentFiles.dockerfile()) {
      if (instruction.keyword().equals("ENV")) {
        Matcher matcher = pair.matcher(instruction.arguments());
        while (matcher.find()) {
          environment.put(matcher.group(1), matcher.group(2).replace("\"", ""));
        }
      }
    }
    return environment;
  }

  private static String last(List<Instruction> instructions, String keyword) {
    List<String> found = new ArrayList<>();
    instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .forEach(i -> found.add(i.arguments()));
    assertFalse(found.isEmpty(), "no " + keyword);
    return found.get(found.size() - 1);
  }

  /**
   * Whether the node's metrics code registers this meter (Micrometer's dots become underscores).
   */
  private static boolean exportedByTheNode(String metric) throws IOException {
    String meter = "\"" + metric.replace('_', '.') + "\"";
    try (Stream<Path> sources =
        Files.list(Path.of("src", "main", "java", "org", "docbatch", "metrics"))) {
      for (Path source : sources.toList()) {
        if (Files.readString(source).contains(meter)) {
          return true;
        }
      }
    }
    return false;
  }
}
