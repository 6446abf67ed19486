#!/bin/sh
# Makes the local images examples/local_docker runs, berth-busybox:1 and berth-busybox:2, without
# pulling anything: a tar of Debian's busybox-static (/bin/busybox and a link per applet, /tmp
# for httpd) turned into an image by `docker import`. Talks to the engine DOCKER_HOST names (the
# default socket otherwise). Run it once after scripts/build.sh; again to rebuild the images.
# The docker tests' private engine gets the same images from here (tests/docker/dockerd_fixture.sh).
set -eu

log() { echo "local-images: $*" >&2; }

if [ ! -x /bin/busybox ]; then
  log "/bin/busybox is missing: install busybox-static (scripts/setup.sh does)"
  exit 1
fi
if ! docker version >/dev/null 2>&1; then
  log "no Docker engine answers${DOCKER_HOST:+ on $DOCKER_HOST}: start dockerd (docker.io)"
  exit 1
fi

dir=$(mktemp -d /tmp/berth-images.XXXXXX)
trap 'rm -rf "$dir"' EXIT
root="$dir/rootfs"
mkdir -p "$root/bin" "$root/tmp" "$root/www"
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
tar -C "$root" -cf "$dir/busybox.tar" .
docker import -c 'ENV PATH=/bin' "$dir/busybox.tar" berth-busybox:1 >/dev/null
docker tag berth-busybox:1 berth-busybox:2
log "made berth-busybox:1 and berth-busybox:2"
