// A service's JSON (CreateService request or an element of DescribeServices output) as the IR
// of a `service` block: the inverse of ecs_service_body.cpp, member by member of the API model.
#include <fmt/format.h>

#include "backends/aws/ecs_decode_reader.h"

namespace berth::aws {

namespace {

using decode::Block;
using namespace decode;  // the reading helpers of ecs_decode_reader.h
using decode::Fail;
using decode::Object;

// Set by AWS in describe-services output, never by a request.
const std::initializer_list<std::string_view> kServiceReadOnly = {"serviceArn",
                                                                  "status",
                                                                  "runningCount",
                                                                  "pendingCount",
                                                                  "taskSets",
                                                                  "deployments",
                                                                  "events",
                                                                  "createdAt",
                                                                  "createdBy",
                                                                  "platformFamily",
                                                                  "clientToken",
                                                                  "currentServiceDeployment",
                                                                  "currentServiceRevisions",
                                                                  "resourceManagementType"};

class ServiceDecoder {
 public:
  ServiceDecoder(const DecodeOptions& options) : references_(options) {}

  DecodedResource Decode(Object& s) {
    s.Ignore(kServiceReadOnly);
    Block b;
    std::optional<std::string> name = s.String("serviceName");
    if (!name) Fail(s.path(), "missing `serviceName`");
    std::string label = LabelFromName(*name);
    b.Set("name", Value::String(*name));
    // create-service names the cluster `cluster`; describe-services gives `clusterArn`.
    std::optional<std::string> cluster = s.String("cluster");
    if (auto arn = s.String("clusterArn"); arn && !cluster) cluster = arn;
    if (!cluster) cluster = "default";  // AWS's default cluster
    b.Set("cluster", Ref("cluster", *cluster));
    std::optional<std::string> task = s.String("taskDefinition");
    if (!task) Fail(s.path(), "missing `taskDefinition` (berth services always name their task)");
    b.Set("task", Ref("task", *task));
    CopyString(b, "availability_zone_rebalancing", s, "availabilityZoneRebalancing");
    RepeatedBlock(b, "load_balancers", s, "loadBalancers",
                  [&](Object& lb) { return LoadBalancer(lb); });
    ServiceRegistries(b, s);
    CopyNumber(b, "desired_count", s, "desiredCount");
    CopyString(b, "launch_type", s, "launchType");
    RepeatedBlock(b, "capacity_providers", s, "capacityProviderStrategy", [](Object& p) {
      Block pb;
      CopyString(pb, "name", p, "capacityProvider");
      // AWS's weight is 0 when omitted; berth's default is 1, so it is spelled.
      pb.Set("weight", Value::Number(p.Number("weight").value_or(0)));
      CopyNumber(pb, "base", p, "base");
      return pb.Build();
    });
    CopyString(b, "platform_version", s, "platformVersion");
    if (auto role = s.String("role")) b.Set("role", Ref("role", *role));
    // describe-services reports the role ECS uses: the service-linked role unless one was given.
    if (auto role = s.String("roleArn");
        role && role->find(":role/aws-service-role/") == std::string::npos) {
      b.Set("role", Ref("role", *role));
    }
    Deployment(b, s);
    RepeatedBlock(b, "placement_constraints", s, "placementConstraints", [](Object& p) {
      Block pb;
      CopyString(pb, "type", p, "type");
      CopyString(pb, "expression", p, "expression");
      return pb.Build();
    });
    RepeatedBlock(b, "placement_strategies", s, "placementStrategy", [](Object& p) {
      Block pb;
      CopyString(pb, "type", p, "type");
      CopyString(pb, "field", p, "field");
      return pb.Build();
    });
    if (const Json* network = s.Take("networkConfiguration")) {
      Object n(*network, s.PathOf("networkConfiguration"));
      NestedBlock(b, "network", n, "awsvpcConfiguration", [](Object& v, Block& vb) {
        CopyStrings(vb, "subnets", v, "subnets");
        CopyStrings(vb, "security_groups", v, "securityGroups");
        if (auto ip = v.String("assignPublicIp"))
          vb.Set("assign_public_ip", Value::Bool(*ip == "ENABLED"));
      });
      n.Done();
    }
    CopySeconds(b, "health_check_grace", s, "healthCheckGracePeriodSeconds");
    CopyString(b, "scheduling_strategy", s, "schedulingStrategy");
    if (const Json* controller = s.Take("deploymentController")) {
      Object c(*controller, s.PathOf("deploymentController"));
      // ECS is AWS's controller when none is named; describe-services always reports one.
      if (auto type = c.String("type"); type && *type != "ECS") {
        b.Set("deployment_controller", Value::String(*type));
      }
      c.Done();
    }
    if (const Json* tags = s.Array("tags"); tags && !tags->empty()) {
      b.Set("tags", decode::LowercaseTagMap(*tags, s.PathOf("tags")));
    }
    CopyBool(b, "enable_ecs_managed_tags", s, "enableECSManagedTags");
    CopyString(b, "propagate_tags", s, "propagateTags");
    CopyBool(b, "enable_execute_command", s, "enableExecuteCommand");
    NestedBlock(b, "service_connect", s, "serviceConnectConfiguration",
                [&](Object& sc, Block& scb) { ServiceConnect(sc, scb); });
    RepeatedBlock(b, "ebs_volumes", s, "volumeConfigurations",
                  [&](Object& v) { return EbsVolume(v); });
    RepeatedBlock(b, "vpc_lattice", s, "vpcLatticeConfigurations", [&](Object& v) {
      Block vb;
      if (auto role = v.String("roleArn")) vb.Set("role", Ref("role", *role));
      CopyString(vb, "target_group", v, "targetGroupArn");
      CopyString(vb, "port_name", v, "portName");
      return vb.Build();
    });
    s.Done();

    DecodedResource resource{.kind = "service", .label = label, .attributes = b.Build()};
    decode::FillDefaults(*schema::FindResource("service"), resource.attributes, label);
    resource.references = references_.Take();
    return resource;
  }

 private:
  Value Ref(std::string_view kind, const std::string& value) {
    return references_.Ref(kind, value);
  }

  Value LoadBalancer(Object& lb) {
    Block b;
    if (auto arn = lb.String("targetGroupArn")) b.Set("target_group", Ref("target_group", *arn));
    CopyString(b, "classic_load_balancer", lb, "loadBalancerName");
    CopyString(b, "container", lb, "containerName");
    CopyNumber(b, "port", lb, "containerPort");
    NestedBlock(b, "advanced", lb, "advancedConfiguration", [&](Object& a, Block& ab) {
      if (auto arn = a.String("alternateTargetGroupArn")) {
        ab.Set("alternate_target_group", Ref("target_group", *arn));
      }
      CopyString(ab, "production_listener_rule", a, "productionListenerRule");
      CopyString(ab, "test_listener_rule", a, "testListenerRule");
      if (auto role = a.String("roleArn")) ab.Set("role", Ref("role", *role));
    });
    return b.Build();
  }

  // The registry stays the ARN it is (`registry`): the Cloud Map service's own settings
  // (namespace, name, DNS records) are not in the ECS API. Plans against live read them from
  // servicediscovery get-service (live_decode_events.cpp).
  void ServiceRegistries(Block& b, Object& s) {
    const Json* registries = s.Array("serviceRegistries");
    if (!registries || registries->empty()) return;
    if (registries->size() > 1) {
      Fail(s.PathOf("serviceRegistries"),
           "berth registers a service in one Cloud Map service; this one has " +
               std::to_string(registries->size()));
    }
    Object r((*registries)[0], Index(s.PathOf("serviceRegistries"), 0));
    Block rb;
    // The Cloud Map service itself is not in the ECS JSON: an existing one, named by its ARN.
    if (auto arn = r.String("registryArn")) rb.Set("registry", Value::String(*arn));
    CopyNumber(rb, "record_port", r, "port");
    CopyString(rb, "container", r, "containerName");
    CopyNumber(rb, "port", r, "containerPort");
    r.Done();
    b.Set("service_discovery", rb.Build());
  }

  void Deployment(Block& b, Object& s) {
    const Json* json = s.Take("deploymentConfiguration");
    if (!json) return;
    Object d(*json, s.PathOf("deploymentConfiguration"));
    Block db;
    // AWS's circuit breaker is off unless configured; berth's default is rollback.
    std::string breaker = "off";
    if (const Json* cb = d.Take("deploymentCircuitBreaker")) {
      Object c(*cb, d.PathOf("deploymentCircuitBreaker"));
      bool enable = c.Bool("enable").value_or(false);
      bool rollback = c.Bool("rollback").value_or(false);
      c.Done();
      breaker = !enable ? "off" : rollback ? "rollback" : "on";
    }
    db.Set("circuit_breaker", Value::String(breaker));
    CopyNumber(db, "max_percent", d, "maximumPercent");
    CopyNumber(db, "min_healthy_percent", d, "minimumHealthyPercent");
    if (const Json* alarms = d.Take("alarms")) {
      Object a(*alarms, d.PathOf("alarms"));
      Block ab;
      const Json* names = a.Array("alarmNames");
      ab.Set("names", names ? decode::StringList(*names, a.PathOf("alarmNames")) : Value::List({}));
      CopyBool(ab, "rollback", a, "rollback");
      CopyBool(ab, "enable", a, "enable");
      a.Done();
      // describe-services reports an empty, disabled alarm list when none was configured.
      bool unused = names && names->empty() && !ab.empty();
      Value built = ab.Build();
      if (!(unused && built.Get("enable") && !built.Get("enable")->as_bool())) {
        db.Set("alarms", std::move(built));
      }
    }
    CopyString(db, "strategy", d, "strategy");
    CopyMinutes(db, "bake_time", d, "bakeTimeInMinutes");
    RepeatedBlock(db, "lifecycle_hooks", d, "lifecycleHooks", [&](Object& h) {
      Block hb;
      CopyString(hb, "target_type", h, "targetType");
      CopyString(hb, "target", h, "hookTargetArn");
      if (auto role = h.String("roleArn")) hb.Set("role", Ref("role", *role));
      CopyStrings(hb, "stages", h, "lifecycleStages");
      if (const Json* details = h.Take("hookDetails"))
        hb.Set("details", decode::FromJson(*details));
      if (const Json* timeout = h.Take("timeoutConfiguration")) {
        Object t(*timeout, h.PathOf("timeoutConfiguration"));
        CopyMinutes(hb, "timeout", t, "timeoutInMinutes");
        CopyString(hb, "timeout_action", t, "action");
        t.Done();
      }
      return hb.Build();
    });
    NestedBlock(db, "linear", d, "linearConfiguration", [](Object& l, Block& lb) {
      if (auto p = l.Number("stepPercent")) lb.Set("step", Value::Percent(*p));
      CopyMinutes(lb, "step_bake_time", l, "stepBakeTimeInMinutes");
    });
    NestedBlock(db, "canary", d, "canaryConfiguration", [](Object& c, Block& cb) {
      if (auto p = c.Number("canaryPercent")) cb.Set("percent", Value::Percent(*p));
      CopyMinutes(cb, "bake_time", c, "canaryBakeTimeInMinutes");
    });
    d.Done();
    Value deployment = db.Build();
    // What describe-services reports for a service created without deploymentConfiguration.
    Value aws_default = Value::Map({{"circuit_breaker", Value::String("off")},
                                    {"max_percent", Value::Number(200)},
                                    {"min_healthy_percent", Value::Number(100)}});
    Value only_breaker = Value::Map({{"circuit_breaker", Value::String("off")}});
    if (deployment == aws_default || deployment == only_breaker) return;
    b.Set("deployment", std::move(deployment));
  }

  void ServiceConnect(Object& sc, Block& b) {
    CopyBool(b, "enabled", sc, "enabled");
    CopyString(b, "namespace", sc, "namespace");
    RepeatedBlock(b, "endpoints", sc, "services", [&](Object& e) {
      Block eb;
      CopyString(eb, "name", e, "portName");
      CopyString(eb, "discovery_name", e, "discoveryName");
      RepeatedBlock(eb, "client_aliases", e, "clientAliases", [](Object& a) {
        Block ab;
        CopyNumber(ab, "port", a, "port");
        CopyString(ab, "dns_name", a, "dnsName");
        if (const Json* rules = a.Take("testTrafficRules")) {
          Object r(*rules, a.PathOf("testTrafficRules"));
          NestedBlock(ab, "test_traffic_header", r, "header", [](Object& h, Block& hb) {
            CopyString(hb, "name", h, "name");
            if (const Json* value = h.Take("value")) {
              Object v(*value, h.PathOf("value"));
              CopyString(hb, "exact", v, "exact");
              v.Done();
            }
          });
          r.Done();
        }
        return ab.Build();
      });
      CopyNumber(eb, "ingress_port_override", e, "ingressPortOverride");
      if (const Json* timeout = e.Take("timeout")) {
        Object t(*timeout, e.PathOf("timeout"));
        CopySeconds(eb, "idle_timeout", t, "idleTimeoutSeconds");
        CopySeconds(eb, "per_request_timeout", t, "perRequestTimeoutSeconds");
        t.Done();
      }
      NestedBlock(eb, "tls", e, "tls", [&](Object& t, Block& tb) {
        if (const Json* ca = t.Take("issuerCertificateAuthority")) {
          Object c(*ca, t.PathOf("issuerCertificateAuthority"));
          CopyString(tb, "certificate_authority", c, "awsPcaAuthorityArn");
          c.Done();
        }
        CopyString(tb, "kms_key", t, "kmsKey");
        if (auto role = t.String("roleArn")) tb.Set("role", Ref("role", *role));
      });
      return eb.Build();
    });
    NestedBlock(b, "logs", sc, "logConfiguration", [](Object& l, Block& lb) {
      CopyString(lb, "driver", l, "logDriver");
      if (const Json* options = l.Take("options"); options && !options->empty()) {
        lb.Set("options", decode::StringMap(*options, l.PathOf("options")));
      }
      if (const Json* secrets = l.Array("secretOptions"); secrets && !secrets->empty()) {
        lb.Set("secret_options", decode::NameValueMap(*secrets, l.PathOf("secretOptions"), "name",
                                                      "valueFrom", true));
      }
    });
    NestedBlock(b, "access_log", sc, "accessLogConfiguration", [](Object& a, Block& ab) {
      CopyString(ab, "format", a, "format");
      if (auto q = a.String("includeQueryParameters")) {
        ab.Set("include_query_parameters", Value::Bool(*q == "ENABLED"));
      }
    });
  }

  Value EbsVolume(Object& v) {
    Block b;
    CopyString(b, "name", v, "name");
    NestedBlock(b, "ebs", v, "managedEBSVolume", [&](Object& e, Block& eb) {
      CopyBool(eb, "encrypted", e, "encrypted");
      CopyString(eb, "kms_key", e, "kmsKeyId");
      CopyString(eb, "volume_type", e, "volumeType");
      if (auto gib = e.Number("sizeInGiB")) eb.Set("size", decode::Gibibytes(*gib));
      CopyString(eb, "snapshot", e, "snapshotId");
      CopyNumber(eb, "initialization_rate", e, "volumeInitializationRate");
      CopyNumber(eb, "iops", e, "iops");
      CopyNumber(eb, "throughput", e, "throughput");
      if (const Json* specs = e.Array("tagSpecifications"); specs && !specs->empty()) {
        if (specs->size() > 1) {
          Fail(e.PathOf("tagSpecifications"), "berth sets one tag specification (volume tags)");
        }
        Object spec((*specs)[0], Index(e.PathOf("tagSpecifications"), 0));
        if (auto type = spec.String("resourceType"); type && *type != "volume") {
          Fail(spec.PathOf("resourceType"), "expected \"volume\", got \"" + *type + "\"");
        }
        if (const Json* tags = spec.Array("tags"); tags && !tags->empty()) {
          eb.Set("tags", decode::LowercaseTagMap(*tags, spec.PathOf("tags")));
        }
        CopyString(eb, "propagate_tags", spec, "propagateTags");
        spec.Done();
      }
      if (auto role = e.String("roleArn")) eb.Set("role", Ref("role", *role));
      CopyString(eb, "filesystem_type", e, "filesystemType");
    });
    // The IR keeps the managed volume's settings on the ebs_volume block itself.
    Value block = b.Build();
    Value flat = block.Get("ebs") ? *block.Get("ebs") : Value::Map({});
    if (const Value* name = block.Get("name")) flat.Set("name", *name);
    return flat;
  }

  decode::References references_;
};

DecodedResource DecodeOne(const Json& json, const std::string& path, const DecodeOptions& options) {
  Object s(json, path);
  if (!s.Has("serviceName")) {
    Fail(path,
         "not an ECS service: no `serviceName` (expected the output of `aws ecs "
         "describe-services` or a create-service request)");
  }
  ServiceDecoder decoder(options);
  return decoder.Decode(s);
}

}  // namespace

DecodeResult DecodeService(const Json& json, const DecodeOptions& options) {
  return decode::Guarded([&]() -> DecodeResult {
    if (json.is_object() && json.contains("services")) {
      Object outer(json, "$");
      const Json* services = outer.Array("services");
      outer.Ignore({"failures"});
      outer.Done();
      if (!services || services->size() != 1) {
        Fail("$.services",
             fmt::format("expected exactly one service, got {}", services ? services->size() : 0));
      }
      return DecodeOne((*services)[0], "$.services[0]", options);
    }
    return DecodeOne(json, "$", options);
  });
}

}  // namespace berth::aws
