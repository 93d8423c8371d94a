/*
 * oidclib — iddawc and rhonabwy for OpenID Connect,
 * loaded on first use (support/lazylib.h).
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which oidclib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  oidclib.c, which
 * fills the table, defines OIDCLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_OIDCLIB_H
#define RELAIS_OIDCLIB_H

#include <iddawc.h>
#include <rhonabwy.h>

/* Every function called, by name. */
#define OIDCLIB_FUNCTIONS(X) \
	X(i_build_auth_url_get) \
	X(i_clean_session) \
	X(i_get_openid_config) \
	X(i_get_server_configuration) \
	X(i_get_server_jwks) \
	X(i_get_str_parameter) \
	X(i_global_init) \
	X(i_init_session) \
	X(i_run_token_request) \
	X(i_set_parameter_list) \
	X(i_set_server_configuration) \
	X(i_set_server_jwks) \
	X(i_set_str_parameter) \
	X(i_verify_id_token) \
	X(r_jwt_free) \
	X(r_jwt_get_full_claims_json_t) \
	X(r_jwt_get_header_str_value) \
	X(r_jwt_get_sign_alg) \
	X(r_jwt_init) \
	X(r_jwt_parse) \
	X(r_str_to_jwa_alg)

#define OIDCLIB_FIELD(f) __typeof__(&f) f;
struct oidclib {
	OIDCLIB_FUNCTIONS(OIDCLIB_FIELD)
};
#undef OIDCLIB_FIELD

extern struct oidclib oidclib;

/* 0 once the libraries are loaded, else -1 (logged). */
int oidclib_load(void);

#ifndef OIDCLIB_TABLE
#undef i_build_auth_url_get
#define i_build_auth_url_get (oidclib.i_build_auth_url_get)
#undef i_clean_session
#define i_clean_session (oidclib.i_clean_session)
#undef i_get_openid_config
#define i_get_openid_config (oidclib.i_get_openid_config)
#undef i_get_server_configuration
#define i_get_server_configuration (oidclib.i_get_server_configuration)
#undef i_get_server_jwks
#define i_get_server_jwks (oidclib.i_get_server_jwks)
#undef i_get_str_parameter
#define i_get_str_parameter (oidclib.i_get_str_parameter)
#undef i_global_init
#define i_global_init (oidclib.i_global_init)
#undef i_init_session
#define i_init_session (oidclib.i_init_session)
#undef i_run_token_request
#define i_run_token_request (oidclib.i_run_token_request)
#undef i_set_parameter_list
#define i_set_parameter_list (oidclib.i_set_parameter_list)
#undef i_set_server_configuration
#define i_set_server_configuration (oidclib.i_set_server_configuration)
#undef i_set_server_jwks
#define i_set_server_jwks (oidclib.i_set_server_jwks)
#undef i_set_str_parameter
#define i_set_str_parameter (oidclib.i_set_str_parameter)
#undef i_verify_id_token
#define i_verify_id_token (oidclib.i_verify_id_token)
#undef r_jwt_free
#define r_jwt_free (oidclib.r_jwt_free)
#undef r_jwt_get_full_claims_json_t
#define r_jwt_get_full_claims_json_t (oidclib.r_jwt_get_full_claims_json_t)
#undef r_jwt_get_header_str_value
#define r_jwt_get_header_str_value (oidclib.r_jwt_get_header_str_value)
#undef r_jwt_get_sign_alg
#define r_jwt_get_sign_alg (oidclib.r_jwt_get_sign_alg)
#undef r_jwt_init
#define r_jwt_init (oidclib.r_jwt_init)
#undef r_jwt_parse
#define r_jwt_parse (oidclib.r_jwt_parse)
#undef r_str_to_jwa_alg
#define r_str_to_jwa_alg (oidclib.r_str_to_jwa_alg)
#endif

#endif
