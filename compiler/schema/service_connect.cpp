// Service-to-service networking of a service: ECS Service Connect (serviceConnectConfiguration)
// and Amazon VPC Lattice target groups (vpcLatticeConfigurations).
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& TestTrafficHeaderBlock() {
  static const BlockSpec spec{
      .name = "test_traffic_header",
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .required = true,
               .doc = "Header that marks test traffic (header.name)."},
              {.name = "exact",
               .type = &String(),
               .doc = "Value the header must have (header.value.exact); any value when "
                      "omitted."},
          },
      .doc =
          "Routes requests with this header to the new revision during a blue/green "
          "deployment (clientAliases[].testTrafficRules).",
  };
  return spec;
}

const BlockSpec& ClientAliasBlock() {
  static const BlockSpec spec{
      .name = "client_alias",
      .repeated = true,
      .ir_key = "client_aliases",
      .attributes =
          {
              {.name = "port",
               .type = &Number(),
               .required = true,
               .doc = "Port clients connect to (port)."},
              {.name = "dns_name",
               .type = &String(),
               .doc = "Name clients use (dnsName); discovery_name.namespace when omitted."},
          },
      .blocks = {&TestTrafficHeaderBlock()},
      .doc = "A name and port other services reach this one at (clientAliases[]).",
  };
  return spec;
}

const BlockSpec& TlsBlock() {
  static const BlockSpec spec{
      .name = "tls",
      .attributes =
          {
              {.name = "certificate_authority",
               .type = &String(),
               .required = true,
               .doc = "AWS Private CA that issues the certificates "
                      "(issuerCertificateAuthority.awsPcaAuthorityArn)."},
              {.name = "kms_key",
               .type = &String(),
               .doc = "KMS key that encrypts the private keys (kmsKey)."},
              {.name = "role",
               .type = &RefTo({"role"}),
               .doc = "Role ECS uses to issue certificates (roleArn)."},
          },
      .doc = "TLS between Service Connect proxies (tls).",
  };
  return spec;
}

const BlockSpec& ConnectServiceBlock() {
  static const BlockSpec spec{
      .name = "endpoint",
      .labeled = true,
      .repeated = true,
      .ir_key = "endpoints",
      .attributes =
          {
              {.name = "discovery_name",
               .type = &String(),
               .doc = "Cloud Map service name (discoveryName); the label when omitted."},
              {.name = "ingress_port_override",
               .type = &Number(),
               .doc = "Port the proxy listens on instead of the container's "
                      "(ingressPortOverride)."},
              {.name = "idle_timeout",
               .type = &Duration(),
               .doc = "Idle connection timeout (timeout.idleTimeoutSeconds); 0s disables it."},
              {.name = "per_request_timeout",
               .type = &Duration(),
               .doc = "Per-request timeout (timeout.perRequestTimeoutSeconds); 0s disables "
                      "it."},
          },
      .blocks = {&ClientAliasBlock(), &TlsBlock()},
      .doc =
          "A port of the task published through Service Connect (services[]); the label is "
          "the port_mapping's name (portName).",
  };
  return spec;
}

const BlockSpec& ConnectLogsBlock() {
  static const BlockSpec spec{
      .name = "logs",
      .attributes = LogConfigurationAttributes(),
      .doc = "Where the Service Connect proxy's output goes (logConfiguration).",
  };
  return spec;
}

const BlockSpec& AccessLogBlock() {
  static const BlockSpec spec{
      .name = "access_log",
      .attributes =
          {
              {.name = "format",
               .type = &EnumOf({"TEXT", "JSON"}),
               .required = true,
               .doc = "Access log line format (format)."},
              {.name = "include_query_parameters",
               .type = &Bool(),
               .doc = "Log query strings (includeQueryParameters ENABLED/DISABLED)."},
          },
      .doc = "Access logs of the Service Connect proxy (accessLogConfiguration).",
  };
  return spec;
}

}  // namespace

const BlockSpec& ServiceConnectBlock() {
  static const BlockSpec spec{
      .name = "service_connect",
      .attributes =
          {
              {.name = "enabled",
               .type = &Bool(),
               .default_value = Flag(true),
               .doc = "Use Service Connect (enabled); the API requires it, so it is always "
                      "sent."},
              {.name = "namespace",
               .type = &String(),
               .doc = "Cloud Map namespace name or ARN (namespace); the cluster's default "
                      "when omitted."},
          },
      .blocks = {&ConnectServiceBlock(), &ConnectLogsBlock(), &AccessLogBlock()},
      .doc = "ECS Service Connect (serviceConnectConfiguration).",
  };
  return spec;
}

const BlockSpec& VpcLatticeBlock() {
  static const BlockSpec spec{
      .name = "vpc_lattice",
      .repeated = true,
      .ir_key = "vpc_lattice",
      .attributes =
          {
              {.name = "role",
               .type = &RefTo({"role"}),
               .required = true,
               .doc = "Infrastructure role ECS uses to register tasks (roleArn)."},
              {.name = "target_group",
               .type = &String(),
               .required = true,
               .doc = "VPC Lattice target group ARN (targetGroupArn)."},
              {.name = "port_name",
               .type = &String(),
               .required = true,
               .doc = "Name of the task's port_mapping to register (portName)."},
          },
      .doc = "Registers tasks in a VPC Lattice target group (vpcLatticeConfigurations[]).",
  };
  return spec;
}

}  // namespace berth::schema
