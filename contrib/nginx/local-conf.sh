#!/bin/sh
# SPDX-License-Identifier: ISC
# contrib/nginx/local-conf.sh: prints a complete nginx.conf that runs the shipped
# contrib/nginx/meridian.conf unchanged but for paths and the port, from folder STATE, without
# root's help. Used by the demo (contrib/demo.sh) and the end-to-end tests.
# usage: local-conf.sh STATE PORT SOCKET WWW-DIR
set -eu
state=$1 port=$2 sock=$3 www=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$state/nginx-tmp"
# Relative includes (fastcgi_params) resolve against the config's folder, as in /etc/nginx.
ln -sf /etc/nginx/fastcgi_params "$state/fastcgi_params"
sed -e "s|listen 80;|listen 127.0.0.1:$port;|" \
    -e "/listen \[::\]:80;/d" \
    -e "s|server_name example.org;|server_name 127.0.0.1 localhost;|" \
    -e "s|/run/meridian/meridian.sock|$sock|g" \
    -e "s|/usr/local/share/meridian/www/|$www/|g" \
    -e "s|/var/log/nginx/meridian.access.log|$state/access.log|" \
    -e "s|/var/cache/nginx-meridian-media |$state/nginx-media-cache |" \
    -e "s|/var/cache/nginx-meridian |$state/nginx-cache |" \
    "$here/meridian.conf" > "$state/server.conf"
[ "$(id -u)" = 0 ] && echo "user root;"
cat <<NGINX
worker_processes 1;
pid $state/nginx.pid;
error_log $state/nginx-error.log warn;
events { worker_connections 512; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	client_body_temp_path $state/nginx-tmp/body;
	fastcgi_temp_path $state/nginx-tmp/fastcgi;
	proxy_temp_path $state/nginx-tmp/proxy;
	uwsgi_temp_path $state/nginx-tmp/uwsgi;
	scgi_temp_path $state/nginx-tmp/scgi;
	include $state/server.conf;
}
NGINX
