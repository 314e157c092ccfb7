/* SPDX-License-Identifier: ISC */
/* cgi.c: plain CGI mode. When a web server (fcgiwrap, Apache mod_cgi, slowcgi) runs the binary
 * with a CGI environment, it answers that one request from the environment and stdin, and
 * exits. Configuration comes from MERIDIAN_CONFIG or the default file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "site.h"
#include "util.h"

/* req_read_fn over a FILE (stdin). */
static long
cgi_read(char *buf, size_t len, void *arg)
{
	size_t	 n = fread(buf, 1, len, arg);

	return n > 0 ? (long)n : ferror((FILE *)arg) ? -1 : 0;
}

static const char *
cgi_param(enum req_param p, void *arg)
{
	(void)arg;
	return getenv(req_param_names[p]);
}

int
cgi_main(void)
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct site		 site;
	struct req		 req;
	struct resp		 resp;
	struct buf		 out;
	char			 err[1024];
	int			 st;

	co.config = getenv("MERIDIAN_CONFIG");
	co.db = getenv("MERIDIAN_DB");
	if (cmd_setup(&conf, &co) == -1) {
		fputs("Status: 500 Internal Server Error\r\n"
		    "Content-Type: text/plain\r\n\r\nconfiguration error\n", stdout);
		conf_free(&conf);
		return 1;
	}
	if (getenv("MERIDIAN_TEMPLATES") != NULL) {
		free(conf.templates_dir);
		conf.templates_dir = xstrdup(getenv("MERIDIAN_TEMPLATES"));
	}
	if (app_open(&site, &conf, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		fputs("Status: 500 Internal Server Error\r\n"
		    "Content-Type: text/plain\r\n\r\nthe site cannot start\n", stdout);
		conf_free(&conf);
		return 1;
	}
	if ((st = req_build(&req, cgi_param, NULL)) == 0)
		st = req_read_body(&req, cgi_read, stdin);
	req.id = 1;
	resp_init(&resp);
	app_handle(&site, &req, &resp, st);
	buf_init(&out);
	resp_serialize(&resp, &out);
	fwrite(out.data, 1, out.len, stdout);
	fflush(stdout);
	buf_free(&out);
	resp_free(&resp);
	req_free(&req);
	app_close(&site);
	conf_free(&conf);
	return 0;
}
