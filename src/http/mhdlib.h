/*
 * mhdlib — libmicrohttpd, the HTTP server, loaded on first use
 * (support/lazylib.h): with GnuTLS and the eight libraries behind it, it
 * was a third of the start-up of every command, though only `serve`
 * answers HTTP.
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which mhdlib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  mhdlib.c, which
 * fills the table, defines MHDLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_MHDLIB_H
#define RELAIS_MHDLIB_H

#include <microhttpd.h>

/* Every function called, by name. */
#define MHDLIB_FUNCTIONS(X) \
	X(MHD_add_response_header) \
	X(MHD_create_post_processor) \
	X(MHD_create_response_from_buffer) \
	X(MHD_create_response_from_callback) \
	X(MHD_destroy_post_processor) \
	X(MHD_destroy_response) \
	X(MHD_get_connection_info) \
	X(MHD_get_connection_values) \
	X(MHD_get_daemon_info) \
	X(MHD_lookup_connection_value) \
	X(MHD_post_process) \
	X(MHD_queue_response) \
	X(MHD_resume_connection) \
	X(MHD_start_daemon) \
	X(MHD_stop_daemon) \
	X(MHD_suspend_connection)

#define MHDLIB_FIELD(f) __typeof__(&f) f;
struct mhdlib {
	MHDLIB_FUNCTIONS(MHDLIB_FIELD)
};
#undef MHDLIB_FIELD

extern struct mhdlib mhdlib;

/* 0 once the libraries are loaded, else -1 (logged). */
int mhdlib_load(void);

#ifndef MHDLIB_TABLE
#undef MHD_add_response_header
#define MHD_add_response_header (mhdlib.MHD_add_response_header)
#undef MHD_create_post_processor
#define MHD_create_post_processor (mhdlib.MHD_create_post_processor)
#undef MHD_create_response_from_buffer
#define MHD_create_response_from_buffer (mhdlib.MHD_create_response_from_buffer)
#undef MHD_create_response_from_callback
#define MHD_create_response_from_callback (mhdlib.MHD_create_response_from_callback)
#undef MHD_destroy_post_processor
#define MHD_destroy_post_processor (mhdlib.MHD_destroy_post_processor)
#undef MHD_destroy_response
#define MHD_destroy_response (mhdlib.MHD_destroy_response)
#undef MHD_get_connection_info
#define MHD_get_connection_info (mhdlib.MHD_get_connection_info)
#undef MHD_get_connection_values
#define MHD_get_connection_values (mhdlib.MHD_get_connection_values)
#undef MHD_get_daemon_info
#define MHD_get_daemon_info (mhdlib.MHD_get_daemon_info)
#undef MHD_lookup_connection_value
#define MHD_lookup_connection_value (mhdlib.MHD_lookup_connection_value)
#undef MHD_post_process
#define MHD_post_process (mhdlib.MHD_post_process)
#undef MHD_queue_response
#define MHD_queue_response (mhdlib.MHD_queue_response)
#undef MHD_resume_connection
#define MHD_resume_connection (mhdlib.MHD_resume_connection)
#undef MHD_start_daemon
#define MHD_start_daemon (mhdlib.MHD_start_daemon)
#undef MHD_stop_daemon
#define MHD_stop_daemon (mhdlib.MHD_stop_daemon)
#undef MHD_suspend_connection
#define MHD_suspend_connection (mhdlib.MHD_suspend_connection)
#endif

#endif
