# nginx_conf DIR CONTENT — sourced by the benchmarks: writes DIR/nginx.conf,
# an nginx of its own in the foreground (pid, logs and temporary files in
# DIR, no access log) whose http block holds CONTENT; start it with
# `nginx -c DIR/nginx.conf -p DIR`.
nginx_conf() {
	mkdir -p "$1/tmp"
	chmod a+rx "$1"
	cat >"$1/nginx.conf" <<NGINX
worker_processes auto;
worker_rlimit_nofile 16384;
pid $1/nginx.pid;
error_log $1/nginx.err;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/tmp;
  proxy_temp_path $1/tmp;
  fastcgi_temp_path $1/tmp;
  uwsgi_temp_path $1/tmp;
  scgi_temp_path $1/tmp;
$2
}
NGINX
}
