#!/bin/sh
# Writes a stack of N load-balanced web services into DIR/main.berth: one cluster, one ALB with
# an HTTP listener, and N instances of the standard library's web_service module (task, service,
# target group, listener rule, log group, roles, autoscaling target and policy: about a dozen
# resources each).
#   bench/gen_stack.sh N DIR
set -eu
n=${1:?usage: gen_stack.sh N DIR}
dir=${2:?usage: gen_stack.sh N DIR}
mkdir -p "$dir"
{
  cat <<'HEAD'
stack "bench" {
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = { owner = "bench" }
}

import "std/web_service"

cluster "main" {
  container_insights = true
}

load_balancer "public" {
  type            = application
  subnets         = ["subnet-a", "subnet-b"]
  security_groups = ["sg-alb"]

  listener "http" {
    port     = 80
    protocol = HTTP
    fixed_response {
      status_code = 404
    }
  }
}
HEAD
  # One service as a printf format (%d: its number), printed by the shell itself: a `cat`
  # here-document per service forked 10,000 processes, minutes on a loaded machine.
  service='
web_service "svc%d" {
  cluster         = cluster.main
  load_balancer   = load_balancer.public
  listener        = "http"
  priority        = %d
  path            = "/svc%d/*"
  image           = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/svc%d:1.0.%d"
  port            = 8080
  subnets         = ["subnet-a", "subnet-b"]
  security_groups = ["sg-app"]
  env             = { APP_ENV = "prod", SERVICE = "svc%d" }
}
'
  i=1
  while [ "$i" -le "$n" ]; do
    # shellcheck disable=SC2059 # the format is the service's text
    printf "$service" "$i" "$i" "$i" "$i" "$i" "$i"
    i=$((i + 1))
  done
} >"$dir/main.berth"
