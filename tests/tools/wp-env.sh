# SPDX-License-Identifier: ISC
# tests/tools/wp-env.sh: sourced by tests/tools/wp-fixtures.sh and tests/bench/peers.sh. A
# throwaway WordPress 6.1 from Debian's packages in one folder: its own MariaDB server (a
# socket, no network), a copy of /usr/share/wordpress with our own wp-config.php, and, when
# asked, its own php-fpm. Nothing under /etc or /var/lib is touched; wp_env_stop ends only the
# processes started here. Not part of the test suite (it needs root and Debian's packages).
#
#	. tests/tools/wp-env.sh
#	wp_env_install DIR URL	# installs what is missing, makes DIR (wiped first), a fresh site at URL
#	wp_php FILE.php ARGS...	# runs a php-cli script inside that WordPress (wp-load.php loaded)
#	wp_fpm_start		# php-fpm on $WP_DIR/fpm.sock; sets WP_FPM_SOCK
#	wp_env_stop		# php-fpm and MariaDB, if started here

WP_PKGS="wordpress php-cli php-fpm php-mysql php-gd mariadb-server"
WP_DB_PID= WP_FPM_PID=

wp_die() { printf 'wp-env: %s\n' "$*" >&2; exit 1; }

wp_env_deps() {
	local missing= p
	for p in $WP_PKGS; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || wp_die "missing packages:$missing (install them as root)"
	apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null ||
	    wp_die "apt-get install$missing failed"
}

# MariaDB with its data, socket and log in $WP_DIR/db; run as the invoking user.
wp_db_start() {
	local d=$WP_DIR/db
	mkdir -p "$d"
	mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$d/data" \
	    --auth-root-authentication-method=normal > "$d/install.log" 2>&1 ||
	    { cat "$d/install.log" >&2; wp_die "mariadb-install-db failed"; }
	mariadbd --no-defaults --user="$(id -un)" --datadir="$d/data" --socket="$d/sock" \
	    --pid-file="$d/pid" --skip-networking --log-error="$d/error.log" \
	    --innodb-buffer-pool-size=64M &
	WP_DB_PID=$!
	for _ in $(seq 1 200); do
		mariadb --no-defaults -S "$d/sock" -u root -e 'select 1' >/dev/null 2>&1 && break
		kill -0 "$WP_DB_PID" 2>/dev/null || { cat "$d/error.log" >&2; wp_die "mariadbd died"; }
		sleep 0.1
	done
	mariadb --no-defaults -S "$d/sock" -u root -e "CREATE DATABASE wp CHARACTER SET utf8mb4;
	    CREATE USER wp@localhost IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO wp@localhost;" ||
	    wp_die "cannot create the database"
}

# wp_env_install DIR URL
wp_env_install() {
	WP_DIR=$1 WP_URL=$2
	wp_env_deps
	case $WP_DIR in /tmp/*|/var/tmp/*|*/_state/*) ;; *) wp_die "refusing to wipe $WP_DIR" ;; esac
	rm -rf "$WP_DIR"
	mkdir -p "$WP_DIR"
	trap wp_env_stop EXIT
	wp_db_start
	# A copy, so that our wp-config.php sits beside wp-load.php (PHP resolves symlinks in
	# __FILE__, so a tree of links would find Debian's config in /usr/share/wordpress).
	cp -a /usr/share/wordpress "$WP_DIR/wp"
	mkdir -p "$WP_DIR/wp/wp-content/uploads"
	cat > "$WP_DIR/wp/wp-config.php" <<EOF
<?php
// written by tests/tools/wp-env.sh: a throwaway site
define('DB_NAME', 'wp');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$WP_DIR/db/sock');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '$WP_URL');
define('WP_SITEURL', '$WP_URL');
define('WP_CONTENT_DIR', '$WP_DIR/wp/wp-content');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
\$table_prefix = 'wp_';
define('AUTH_KEY', 'throwaway'); define('SECURE_AUTH_KEY', 'throwaway');
define('LOGGED_IN_KEY', 'throwaway'); define('NONCE_KEY', 'throwaway');
define('AUTH_SALT', 'throwaway'); define('SECURE_AUTH_SALT', 'throwaway');
define('LOGGED_IN_SALT', 'throwaway'); define('NONCE_SALT', 'throwaway');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
EOF
	cat > "$WP_DIR/install.php" <<'EOF'
<?php
// wp_install() with pretty, dated permalinks, as most clinic sites have them.
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST);
require getenv('WP_DIR') . '/wp/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$r = wp_install('Harbour Acupuncture', 'maya', 'maya@clinic.example', true, '', 'throwaway-pass');
if (is_wp_error($r)) { fwrite(STDERR, $r->get_error_message() . "\n"); exit(1); }
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
update_option('timezone_string', 'Europe/London');
wp_update_user(['ID' => 1, 'display_name' => 'Maya Green', 'first_name' => 'Maya', 'last_name' => 'Green']);
EOF
	wp_php "$WP_DIR/install.php" || wp_die "wp_install failed"
}

# wp_php FILE ARGS...: php-cli with WP_DIR and WP_URL in its environment.
wp_php() {
	WP_DIR=$WP_DIR WP_URL=$WP_URL php -d display_errors=stderr -d error_reporting=E_ALL "$@"
}

wp_fpm_start() {
	WP_FPM_SOCK=$WP_DIR/fpm.sock
	cat > "$WP_DIR/fpm.conf" <<EOF
[global]
pid = $WP_DIR/fpm.pid
error_log = $WP_DIR/fpm.log
daemonize = no
[wp]
user = $(id -un)
listen = $WP_FPM_SOCK
pm = static
pm.max_children = ${WP_FPM_CHILDREN:-4}
clear_env = no
EOF
	php-fpm8.2 -R -y "$WP_DIR/fpm.conf" \
	    -d opcache.enable=1 &
	WP_FPM_PID=$!
	for _ in $(seq 1 100); do
		[ -S "$WP_FPM_SOCK" ] && return 0
		kill -0 "$WP_FPM_PID" 2>/dev/null || break
		sleep 0.05
	done
	cat "$WP_DIR/fpm.log" >&2
	wp_die "php-fpm did not start"
}

wp_env_stop() {
	local p
	for p in $WP_FPM_PID $WP_DB_PID; do
		kill -TERM "$p" 2>/dev/null || continue
		for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	WP_FPM_PID= WP_DB_PID=
}
